#include "layer_apply.hpp"

#include <ferry/compression/layer_tar_reader.hpp>
#include <ferry/digest/digest.hpp>
#include <ferry/plugin.hpp>
#include <ferry/tar_split/recorder.hpp>

#include <algorithm>
#include <cstring>
#include <memory>

namespace ferry::plugins::cstore {
namespace {}  // namespace

int storage_compression_code(Compression c) {
  switch (c) {
    case Compression::gzip:
      return 2;
    case Compression::zstd:
      return 4;
    default:
      return 0;
  }
}

AppliedLayer apply_layer(ByteReader& blob, const std::filesystem::path& root, int tar_split_fd,
                         layer_unpack::Whiteouts whiteouts, const std::function<bool()>& cancelled) {
  AppliedLayer out;
  LayerTarReader tar(blob);
  out.compression = tar.compression();

  Hasher diff_id;
  tar_split::Recorder recorder(tar_split_fd);
  auto read = [&](void* buf, size_t cap) -> size_t {
    if (cancelled && cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "the copy was interrupted");
    size_t n = tar.read(buf, cap);
    if (n == 0) return 0;
    diff_id.update(buf, n);
    recorder.feed(buf, n);
    out.diff_size += static_cast<int64_t>(n);
    return n;
  };
  layer_unpack::Options options;
  options.whiteouts = whiteouts;
  layer_unpack::Summary summary = layer_unpack::unpack(read, root.string(), options);
  recorder.finish();
  out.diff_id = diff_id.finish().str();
  out.uids = std::move(summary.uids);
  out.gids = std::move(summary.gids);
  return out;
}

}  // namespace ferry::plugins::cstore
