#include "layer_apply.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/plugin.hpp>
#include <ferry/tar_split/recorder.hpp>

#include <algorithm>
#include <cstring>
#include <memory>

namespace ferry::plugins::cstore {
namespace {

// Gives back the bytes it peeked at before the rest of the stream.
class PeekedReader final : public ByteReader {
 public:
  explicit PeekedReader(ByteReader& in) : in_(in) {
    while (head_.size() < 8) {
      char buf[8];
      size_t n = in_.read(buf, 8 - head_.size());
      if (n == 0) break;
      head_.append(buf, n);
    }
  }
  std::string_view head() const { return head_; }
  size_t read(void* buf, size_t cap) override {
    if (pos_ < head_.size()) {
      size_t n = std::min(cap, head_.size() - pos_);
      std::memcpy(buf, head_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return in_.read(buf, cap);
  }

 private:
  ByteReader& in_;
  std::string head_;
  size_t pos_ = 0;
};

}  // namespace

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
  PeekedReader peeked(blob);
  out.compression = sniff_compression(peeked.head());
  std::unique_ptr<ByteReader> decoder;
  if (out.compression != Compression::none) decoder = decompressing_reader(peeked, out.compression);
  ByteReader& tar = decoder ? *decoder : static_cast<ByteReader&>(peeked);

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
