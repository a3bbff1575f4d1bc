// Helpers shared by version.cpp and constraint.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ferry::semver::detail {

// Decimal digits only, no sign; nullopt when empty, not digits, or past uint64.
std::optional<uint64_t> parse_u64(std::string_view digits);

// Length of a prerelease or metadata, ID(.ID)* with ID = [0-9A-Za-z-]+, at
// `pos`; 0 when there is none. A trailing '.' is left unmatched.
size_t identifiers_at(std::string_view s, size_t pos);

// Precedence of two dot-separated prerelease strings, either possibly empty.
int compare_prerelease(std::string_view a, std::string_view b);

}  // namespace ferry::semver::detail
