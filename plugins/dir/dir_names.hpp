// The file names of skopeo's dir: layout: manifest.json, version, blobs named
// by digest, signature-N, and <hex>.manifest.json / <hex>.signature-N for the
// instances of a list.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::dir {

inline constexpr std::string_view version_file = "version";
inline constexpr std::string_view version_content = "Directory Transport Version: 1.1\n";
// What every version of the format starts with; an existing directory with
// such a file is an image directory we may replace.
inline constexpr std::string_view version_prefix = "Directory Transport Version: ";

// Validates "algo:hex" (it becomes a file name) and returns the name part:
// the hex alone for sha256, as skopeo writes it, "algo-hex" for others.
// Throws FERRY_E_INVALID_ARGUMENT naming `where`.
std::string blob_file(std::string_view digest, std::string_view where);

std::string manifest_file(const std::optional<std::string>& instance);

// index counts from 0; the files count from 1.
std::string signature_file(const std::optional<std::string>& instance, uint32_t index);

}  // namespace ferry::plugins::dir
