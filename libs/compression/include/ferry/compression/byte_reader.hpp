// The pull-reader interface of blob pipelines: the core's copy engine and the
// plugins that unpack layers chain these.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

namespace ferry {

class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Up to cap bytes into buf; 0 at end of stream. Throws ferry::Error.
  virtual size_t read(void* buf, size_t cap) = 0;
  // "algo:hex" of everything delivered, once the end was reached; empty when
  // this reader does not track it. Pipelines end in a reader that does.
  virtual std::string digest() const { return {}; }
};

// Reads a string the reader does not own (small blobs the core makes itself).
class StringReader final : public ByteReader {
 public:
  explicit StringReader(const std::string& s) : s_(s) {}
  size_t read(void* buf, size_t cap) override {
    size_t n = std::min(cap, s_.size() - pos_);
    std::memcpy(buf, s_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  const std::string& s_;
  size_t pos_ = 0;
};

}  // namespace ferry
