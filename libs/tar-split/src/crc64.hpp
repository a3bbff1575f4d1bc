// CRC-64 with the ISO polynomial, exactly as Go's hash/crc64 computes it with
// crc64.ISO (reflected, initial and final value inverted): tar-split's file
// checksum. Not cryptographic; it catches files changed after unpacking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ferry::tar_split {

class Crc64 {
 public:
  void update(const void* data, size_t n);
  uint64_t value() const { return value_; }
  // The 8 bytes big-endian, as Go's Sum(nil) gives them.
  std::string bytes() const;

 private:
  uint64_t value_ = 0;  // the checksum of what was seen so far
};

}  // namespace ferry::tar_split
