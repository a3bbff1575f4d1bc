// Incremental hashing of blob and manifest bytes (OpenSSL), so the layout can
// name what it stores and check what it reads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::oci_layout {

class ContentHash {
 public:
  // algorithm: "sha256" or "sha512".
  explicit ContentHash(std::string_view algorithm = "sha256");
  ~ContentHash();
  ContentHash(const ContentHash&) = delete;
  ContentHash& operator=(const ContentHash&) = delete;

  void update(const void* data, size_t n);
  // "algo:hex"; call once, after the last update.
  std::string finish();

  static bool supports(std::string_view algorithm);

 private:
  std::string algorithm_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The digest of `bytes` with `algorithm`, or nullopt for an algorithm we cannot compute.
std::optional<std::string> digest_of(std::string_view bytes, std::string_view algorithm);

}  // namespace ferry::oci_layout
