// Hashes bytes as they stream past and, at the end, checks them against the
// digest and size they were announced with. Every blob ferry copies goes
// through one, so corrupt or truncated data never ends a stream cleanly.
#pragma once

#include <ferry/compression/byte_reader.hpp>
#include <ferry/digest/digest.hpp>

#include <optional>
#include <string>

namespace ferry {

class DigestingReader final : public ByteReader {
 public:
  // expected: check at end of stream (nullopt: just compute, sha256).
  // expected_size: -1 when unknown. `what` names the blob in errors.
  DigestingReader(ByteReader& in, std::optional<Digest> expected, int64_t expected_size, std::string what);
  size_t read(void* buf, size_t cap) override;
  std::string digest() const override;
  uint64_t bytes() const { return total_; }

 private:
  ByteReader& in_;
  std::optional<Digest> expected_;
  int64_t expected_size_;
  std::string what_;
  Hasher hasher_;
  std::optional<Digest> result_;
  uint64_t total_ = 0;
};

}  // namespace ferry
