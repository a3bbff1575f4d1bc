// A layer blob read as the tar it holds: the compression is recognised from
// the first bytes (gzip, zstd or none) and undone as the blob streams, for the
// stores that unpack layers (containers-storage, ostree).
#pragma once

#include <ferry/compression/compression.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

namespace ferry {

class LayerTarReader final : public ByteReader {
 public:
  explicit LayerTarReader(ByteReader& blob) : blob_(blob) {
    while (head_.size() < kHead) {
      char buf[kHead];
      size_t n = blob_.read(buf, kHead - head_.size());
      if (n == 0) break;
      head_.append(buf, n);
    }
    compression_ = sniff_compression(head_);
    if (compression_ != Compression::none) decoder_ = decompressing_reader(peeked_, compression_);
  }
  // What the blob was compressed with: gzip, zstd or none.
  Compression compression() const { return compression_; }
  size_t read(void* buf, size_t cap) override {
    return decoder_ ? decoder_->read(buf, cap) : peeked_.read(buf, cap);
  }

 private:
  static constexpr size_t kHead = 8;  // enough for every magic number sniffed
  // The blob with the bytes taken for sniffing given back first.
  class Peeked final : public ByteReader {
   public:
    explicit Peeked(LayerTarReader& owner) : owner_(owner) {}
    size_t read(void* buf, size_t cap) override {
      const std::string& head = owner_.head_;
      if (pos_ < head.size()) {
        size_t n = std::min(cap, head.size() - pos_);
        std::memcpy(buf, head.data() + pos_, n);
        pos_ += n;
        return n;
      }
      return owner_.blob_.read(buf, cap);
    }

   private:
    LayerTarReader& owner_;
    size_t pos_ = 0;
  };

  ByteReader& blob_;
  std::string head_;
  Peeked peeked_{*this};
  Compression compression_ = Compression::none;
  std::unique_ptr<ByteReader> decoder_;
};

}  // namespace ferry
