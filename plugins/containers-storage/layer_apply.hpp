// One pass over a layer blob: decompress it (gzip, zstd or none, told by its
// first bytes), and while the tar streams by, hash it (the diff ID), record its
// tar-split and unpack it into a layer directory. Nothing is spooled.
#pragma once

#include <ferry/compression/byte_reader.hpp>
#include <ferry/compression/compression.hpp>
#include <ferry/layer_unpack/unpack.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ferry::plugins::cstore {

struct AppliedLayer {
  std::string diff_id;  // "sha256:..." of the uncompressed tar
  int64_t diff_size = 0;
  Compression compression = Compression::none;
  std::vector<uint32_t> uids, gids;
};

// `blob` is read to its end. `cancelled` is polled between reads.
AppliedLayer apply_layer(ByteReader& blob, const std::filesystem::path& root, int tar_split_fd,
                         layer_unpack::Whiteouts whiteouts, const std::function<bool()>& cancelled);

// containers/storage's number for a compression in layers.json.
int storage_compression_code(Compression c);

}  // namespace ferry::plugins::cstore
