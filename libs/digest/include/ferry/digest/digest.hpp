// Content digests ("sha256:<hex>"), and hashing while bytes stream past. A
// parsed Digest is safe to use as a file name: digests come from manifests and
// index files, which are untrusted.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace ferry {

enum class DigestAlgorithm { sha256, sha512 };

class Digest {
 public:
  // Parses and validates "algo:hex" (sha256: 64 lower-case hex, sha512: 128).
  // Throws sdk::Error(FERRY_E_INVALID_ARGUMENT) naming the bad text and, when
  // given, where it came from ("the config digest", "index.json of /x").
  static Digest parse(std::string_view text, std::string_view where = {});
  // Digest of a whole buffer.
  static Digest of(std::string_view bytes, DigestAlgorithm algo = DigestAlgorithm::sha256);

  Digest(DigestAlgorithm algo, std::string hex);
  DigestAlgorithm algorithm() const { return algo_; }
  std::string_view algorithm_name() const;  // "sha256"
  const std::string& hex() const { return hex_; }
  std::string str() const;  // "sha256:<hex>"
  bool operator==(const Digest&) const = default;

 private:
  DigestAlgorithm algo_;
  std::string hex_;
};

// Incremental hashing through OpenSSL's EVP interface.
class Hasher {
 public:
  explicit Hasher(DigestAlgorithm algo = DigestAlgorithm::sha256);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  void update(const void* data, size_t n);
  // Finishes; the hasher may not be updated afterwards.
  Digest finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  DigestAlgorithm algo_;
};

}  // namespace ferry
