// Tells a CopyProgress how far a blob's source has been read.
#pragma once

#include <ferry/compression/byte_reader.hpp>
#include <ferry/core/copy_progress.hpp>

namespace ferry {

class ProgressReader final : public ByteReader {
 public:
  ProgressReader(ByteReader& in, CopyProgress& progress, uint64_t id)
      : in_(in), progress_(progress), id_(id) {}
  size_t read(void* buf, size_t cap) override {
    const size_t n = in_.read(buf, cap);
    total_ += n;
    if (n > 0) progress_.blob_read(id_, total_);
    return n;
  }
  std::string digest() const override { return in_.digest(); }

 private:
  ByteReader& in_;
  CopyProgress& progress_;
  uint64_t id_;
  uint64_t total_ = 0;
};

}  // namespace ferry
