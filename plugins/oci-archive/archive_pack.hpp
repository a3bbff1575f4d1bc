// Packing a finished OCI layout into a tar archive that replaces the target
// file atomically: the tar is written next to the target and renamed over it.
#pragma once

#include <ferry/plugin.hpp>

#include <filesystem>

namespace ferry::plugins::oci_archive {

// Entries in a fixed order: oci-layout, index.json, then blobs/ sorted by name.
void pack_layout(const std::filesystem::path& layout, const std::filesystem::path& target,
                 const sdk::Context& ctx);

}  // namespace ferry::plugins::oci_archive
