// Reading a file inside an indexed tar: as a stream (pread on the shared
// descriptor, so readers of different entries can run on different threads),
// decompressed on the fly when the file itself is compressed, or whole when it
// is a small JSON file.
#pragma once

#include "ferry/docker_save/tar_index.hpp"

#include <ferry/plugin.hpp>

#include <memory>
#include <string>

namespace ferry::docker_save {

// The entry's bytes as stored.
std::unique_ptr<sdk::Reader> open_entry(const TarIndex& index, const TarEntry& e, std::string what);

// The entry's bytes decompressed (gzip, bzip2, xz or zstd), for layers that a
// producer stored compressed.
std::unique_ptr<sdk::Reader> open_entry_decompressed(const TarIndex& index, const TarEntry& e,
                                                     std::string what);

// True when the entry starts with a compression format's magic bytes.
bool entry_is_compressed(const TarIndex& index, const TarEntry& e);

// The whole entry; throws FERRY_E_INVALID_ARGUMENT naming `what` when it is
// larger than `limit`.
std::string read_entry(const TarIndex& index, const TarEntry& e, const std::string& what, size_t limit);

}  // namespace ferry::docker_save
