#include "copy/digesting_reader.hpp"
#include <ferry/core/error.hpp>

namespace ferry {

DigestingReader::DigestingReader(ByteReader& in, std::optional<Digest> expected, int64_t expected_size,
                                 std::string what)
    : in_(in),
      expected_(std::move(expected)),
      expected_size_(expected_size),
      what_(std::move(what)),
      hasher_(expected_ ? expected_->algorithm() : DigestAlgorithm::sha256) {}

size_t DigestingReader::read(void* buf, size_t cap) {
  if (result_) return 0;
  size_t n = in_.read(buf, cap);
  if (n > 0) {
    hasher_.update(buf, n);
    total_ += n;
    if (expected_size_ >= 0 && total_ > static_cast<uint64_t>(expected_size_))
      fail(FERRY_E_DIGEST_MISMATCH,
           what_ + " is longer than its declared size of " + std::to_string(expected_size_) + " bytes");
    return n;
  }
  // End of stream: the bytes must be complete and match the digest.
  result_ = hasher_.finish();
  if (expected_size_ >= 0 && total_ != static_cast<uint64_t>(expected_size_))
    fail(FERRY_E_DIGEST_MISMATCH, what_ + " is truncated: got " + std::to_string(total_) +
                                      " bytes, expected " + std::to_string(expected_size_));
  if (expected_ && !(*result_ == *expected_))
    fail(FERRY_E_DIGEST_MISMATCH, what_ + " does not match its digest: the bytes hash to " + result_->str());
  return 0;
}

std::string DigestingReader::digest() const { return result_ ? result_->str() : std::string(); }

}  // namespace ferry
