#include "ferry/oci_layout/content_hash.hpp"

#include <ferry/plugin.hpp>
#include <openssl/evp.h>

namespace ferry::oci_layout {

struct ContentHash::Impl {
  EVP_MD_CTX* ctx = nullptr;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

namespace {
const EVP_MD* md_for(std::string_view algorithm) {
  if (algorithm == "sha256") return EVP_sha256();
  if (algorithm == "sha512") return EVP_sha512();
  return nullptr;
}
}  // namespace

bool ContentHash::supports(std::string_view algorithm) { return md_for(algorithm) != nullptr; }

ContentHash::ContentHash(std::string_view algorithm)
    : algorithm_(algorithm), impl_(std::make_unique<Impl>()) {
  const EVP_MD* md = md_for(algorithm);
  if (!md) throw sdk::Error(FERRY_E_NOT_SUPPORTED, "unsupported digest algorithm " + algorithm_);
  impl_->ctx = EVP_MD_CTX_new();
  if (!impl_->ctx || EVP_DigestInit_ex(impl_->ctx, md, nullptr) != 1)
    throw sdk::Error(FERRY_E_INTERNAL, "OpenSSL could not start a " + algorithm_ + " hash");
}

ContentHash::~ContentHash() = default;

void ContentHash::update(const void* data, size_t n) {
  if (EVP_DigestUpdate(impl_->ctx, data, n) != 1)
    throw sdk::Error(FERRY_E_INTERNAL, "OpenSSL failed while hashing");
}

std::string ContentHash::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(impl_->ctx, out, &len) != 1)
    throw sdk::Error(FERRY_E_INTERNAL, "OpenSSL failed to finish a hash");
  static const char* hex = "0123456789abcdef";
  std::string s = algorithm_ + ":";
  for (unsigned int i = 0; i < len; ++i) {
    s += hex[out[i] >> 4];
    s += hex[out[i] & 15];
  }
  return s;
}

std::optional<std::string> digest_of(std::string_view bytes, std::string_view algorithm) {
  if (!ContentHash::supports(algorithm)) return std::nullopt;
  ContentHash h(algorithm);
  h.update(bytes.data(), bytes.size());
  return h.finish();
}

}  // namespace ferry::oci_layout
