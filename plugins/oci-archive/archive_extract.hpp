// Unpacking an oci-archive into a private directory. The archive is untrusted:
// entries with absolute paths or ".." components, entries written through a
// symbolic link, links that point outside the directory and special files are
// refused with an error naming the entry.
#pragma once

#include <ferry/plugin.hpp>

#include <filesystem>

namespace ferry::plugins::oci_archive {

// `into` must be an empty, canonical directory.
void extract_archive(const std::filesystem::path& archive, const std::filesystem::path& into,
                     const sdk::Context& ctx);

}  // namespace ferry::plugins::oci_archive
