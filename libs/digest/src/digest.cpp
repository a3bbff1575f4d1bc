// Digests through OpenSSL's EVP interface.
#include "ferry/digest/digest.hpp"

#include <ferry/plugin.hpp>

#include <openssl/evp.h>

#include <algorithm>

namespace ferry {
namespace {

[[noreturn]] void fail(ferry_status code, const std::string& message) { throw sdk::Error(code, message); }

const EVP_MD* evp_md(DigestAlgorithm algo) {
  return algo == DigestAlgorithm::sha512 ? EVP_sha512() : EVP_sha256();
}

size_t hex_length(DigestAlgorithm algo) { return algo == DigestAlgorithm::sha512 ? 128 : 64; }

std::string_view name_of(DigestAlgorithm algo) {
  return algo == DigestAlgorithm::sha512 ? "sha512" : "sha256";
}

// Empty when `hex` is a valid encoding for `algo`, else why it is not.
std::string hex_problem(DigestAlgorithm algo, std::string_view hex) {
  const bool lower_hex = std::all_of(hex.begin(), hex.end(),
                                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (hex.size() != hex_length(algo) || !lower_hex) {
    return "expected " + std::to_string(hex_length(algo)) + " lower-case hex characters after \"" +
           std::string(name_of(algo)) + ":\"";
  }
  return {};
}

std::string to_hex(const unsigned char* bytes, unsigned int n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size_t{n} * 2);
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0x0f]);
  }
  return out;
}

}  // namespace

Digest::Digest(DigestAlgorithm algo, std::string hex) : algo_(algo), hex_(std::move(hex)) {
  if (auto problem = hex_problem(algo_, hex_); !problem.empty()) {
    fail(FERRY_E_INVALID_ARGUMENT, "invalid digest \"" + str() + "\": " + problem);
  }
}

Digest Digest::parse(std::string_view text, std::string_view where) {
  auto reject = [&](const std::string& why) {
    std::string in = where.empty() ? "" : " in " + std::string(where);
    fail(FERRY_E_INVALID_ARGUMENT, "invalid digest \"" + std::string(text) + "\"" + in + ": " + why);
  };
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) reject("expected \"algorithm:hex\"");
  const auto algo_text = text.substr(0, colon);
  DigestAlgorithm algo = DigestAlgorithm::sha256;
  if (algo_text == "sha512")
    algo = DigestAlgorithm::sha512;
  else if (algo_text != "sha256")
    reject("unsupported algorithm \"" + std::string(algo_text) + "\"");
  const auto hex = text.substr(colon + 1);
  if (auto problem = hex_problem(algo, hex); !problem.empty()) reject(problem);
  return Digest(algo, std::string(hex));
}

Digest Digest::of(std::string_view bytes, DigestAlgorithm algo) {
  Hasher hasher(algo);
  hasher.update(bytes.data(), bytes.size());
  return hasher.finish();
}

std::string_view Digest::algorithm_name() const { return name_of(algo_); }

std::string Digest::str() const { return std::string(algorithm_name()) + ":" + hex_; }

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
  bool finished = false;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Hasher::Hasher(DigestAlgorithm algo) : impl_(std::make_unique<Impl>()), algo_(algo) {
  impl_->ctx = EVP_MD_CTX_new();
  if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, evp_md(algo), nullptr) != 1) {
    fail(FERRY_E_INTERNAL, "Hasher: OpenSSL could not start a " + std::string(name_of(algo)) + " digest");
  }
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(const void* data, size_t n) {
  if (!impl_ || impl_->finished) {
    fail(FERRY_E_INTERNAL, "Hasher::update called after finish() or on a moved-from hasher");
  }
  if (n > 0 && EVP_DigestUpdate(impl_->ctx, data, n) != 1) {
    fail(FERRY_E_INTERNAL, "Hasher::update: OpenSSL digest update failed");
  }
}

Digest Hasher::finish() {
  if (!impl_ || impl_->finished) {
    fail(FERRY_E_INTERNAL, "Hasher::finish called twice or on a moved-from hasher");
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(impl_->ctx, out, &n) != 1) {
    fail(FERRY_E_INTERNAL, "Hasher::finish: OpenSSL digest finalization failed");
  }
  impl_->finished = true;
  return Digest(algo_, to_hex(out, n));
}

}  // namespace ferry
