// The layer of a SIF image, made as the containers tools make it: the primary
// partition copied out as a squashfs file, unpacked by unsquashfs and packed
// again by GNU tar (--acls --xattrs), both under fakeroot, with
// /podman/runscript added when the definition file asks for one. The tar is
// not reproducible byte for byte: GNU tar's pax headers carry each file's
// atime and ctime, which the unpacking sets to now (skopeo's are as well).
#pragma once

#include "sif_format.hpp"

#include <ferry/plugin.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace ferry::plugins::sif {

struct SifLayer {
  std::filesystem::path tar;
  std::string digest;
  int64_t size = 0;
};

// Works in `work`, which it leaves holding only the tar.
SifLayer make_sif_layer(int sif_fd, const SifDescriptor& rootfs, const std::optional<std::string>& script,
                        const std::filesystem::path& work, const sdk::Context& ctx);

}  // namespace ferry::plugins::sif
