#include "ferry/signature/sigstore_key.hpp"

#include "pem.hpp"
#include "strict_json.hpp"

#include <ferry/base64.hpp>
#include <ferry/plugin.hpp>

#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>

#include <string.h>  // explicit_bzero

namespace ferry::signature {
namespace {

[[noreturn]] void fail(ferry_status code, const std::string& message) { throw sdk::Error(code, message); }

// The key encryption cosign and go-tuf use; readers accept only these.
constexpr uint64_t scrypt_n = 32768, scrypt_r = 8, scrypt_p = 1;
constexpr std::string_view cosign_pem_type = "ENCRYPTED COSIGN PRIVATE KEY";
constexpr std::string_view sigstore_pem_type = "ENCRYPTED SIGSTORE PRIVATE KEY";

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Secret bytes wiped when they go.
struct Secret {
  std::string bytes;
  ~Secret() { explicit_bzero(bytes.data(), bytes.size()); }
};

void init_sodium() {
  if (sodium_init() < 0) fail(FERRY_E_INTERNAL, "initializing libsodium failed");
}

Secret derive_key(std::string_view passphrase, std::string_view salt) {
  Secret key{std::string(crypto_secretbox_KEYBYTES, '\0')};
  // 128·N·r bytes of work memory, plus room.
  if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), scrypt_n, scrypt_r,
                     scrypt_p, 64ull << 20, reinterpret_cast<unsigned char*>(key.bytes.data()),
                     key.bytes.size()) != 1)
    fail(FERRY_E_INTERNAL, "deriving the key encryption key failed");
  return key;
}

std::string b64_field(const nlohmann::json& j, const char* key, std::string_view field) {
  auto bytes = base64::decode(strict_json::string_field(j, key, field));
  if (!bytes) strict_json::invalid("encrypted: " + std::string(field) + " is not base64");
  return *bytes;
}

// The PKCS#8 DER inside cosign's encrypted key JSON.
Secret decrypt_pkcs8(std::string_view json, std::string_view passphrase) {
  const auto doc = strict_json::parse(json, "the encrypted private key");
  if (!doc.is_object() || !doc.contains("kdf") || !doc.contains("cipher") || !doc.contains("ciphertext"))
    fail(FERRY_E_INVALID_ARGUMENT, "encrypted: the private key is not an encrypted key document");
  const auto& kdf = doc["kdf"];
  const auto& cipher = doc["cipher"];
  if (!kdf.is_object() || kdf.value("name", "") != "scrypt" || !kdf.contains("params") ||
      !kdf["params"].is_object())
    fail(FERRY_E_INVALID_ARGUMENT, "encrypted: unsupported key derivation function");
  const auto& params = kdf["params"];
  const auto is = [&](const char* k, uint64_t v) {
    return params.contains(k) && params[k].is_number_unsigned() && params[k].get<uint64_t>() == v;
  };
  if (!is("N", scrypt_n) || !is("r", scrypt_r) || !is("p", scrypt_p))
    fail(FERRY_E_INVALID_ARGUMENT, "encrypted: unexpected kdf parameters");
  if (!cipher.is_object() || cipher.value("name", "") != "nacl/secretbox")
    fail(FERRY_E_INVALID_ARGUMENT, "encrypted: unsupported cipher");
  const std::string salt = b64_field(kdf, "salt", "kdf.salt");
  const std::string nonce = b64_field(cipher, "nonce", "cipher.nonce");
  const std::string sealed = b64_field(doc, "ciphertext", "ciphertext");
  if (nonce.size() != crypto_secretbox_NONCEBYTES || sealed.size() < crypto_secretbox_MACBYTES)
    fail(FERRY_E_INVALID_ARGUMENT, "decrypt: encrypted: decryption failed");
  const Secret key = derive_key(passphrase, salt);
  Secret plain{std::string(sealed.size() - crypto_secretbox_MACBYTES, '\0')};
  init_sodium();
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.bytes.data()),
                                 reinterpret_cast<const unsigned char*>(sealed.data()), sealed.size(),
                                 reinterpret_cast<const unsigned char*>(nonce.data()),
                                 reinterpret_cast<const unsigned char*>(key.bytes.data())) != 0)
    fail(FERRY_E_UNAUTHORIZED, "decrypt: encrypted: decryption failed");
  return plain;
}

std::string public_pem_of(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(key, &der);
  if (n <= 0) fail(FERRY_E_INTERNAL, "encoding the public key failed");
  std::string bytes(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  return pem::encode({.type = "PUBLIC KEY", .bytes = bytes});
}

// ECDSA and RSA sign a SHA-256 digest; ed25519 signs the message itself.
const EVP_MD* digest_for(EVP_PKEY* key) {
  return EVP_PKEY_get_id(key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
}

}  // namespace

struct SigstorePrivateKey::State {
  Pkey key;
};

SigstorePrivateKey::SigstorePrivateKey(std::unique_ptr<State> state) : s_(std::move(state)) {}
SigstorePrivateKey::SigstorePrivateKey(SigstorePrivateKey&&) noexcept = default;
SigstorePrivateKey& SigstorePrivateKey::operator=(SigstorePrivateKey&&) noexcept = default;
SigstorePrivateKey::~SigstorePrivateKey() = default;

SigstorePrivateKey SigstorePrivateKey::load(std::string_view text, std::string_view passphrase) {
  const auto block = pem::decode(text);
  if (!block) fail(FERRY_E_INVALID_ARGUMENT, "invalid pem block");
  if (block->type != cosign_pem_type && block->type != sigstore_pem_type)
    fail(FERRY_E_INVALID_ARGUMENT, "unsupported pem type: " + block->type.substr(0, 64));
  const Secret der = decrypt_pkcs8(block->bytes, passphrase);
  const auto* p = reinterpret_cast<const unsigned char*>(der.bytes.data());
  Pkey key(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.bytes.size())));
  if (!key) fail(FERRY_E_INVALID_ARGUMENT, "the decrypted private key is not a PKCS#8 key");
  const int id = EVP_PKEY_get_id(key.get());
  if (id != EVP_PKEY_EC && id != EVP_PKEY_RSA && id != EVP_PKEY_ED25519)
    fail(FERRY_E_INVALID_ARGUMENT, "unsupported private key type");
  auto s = std::make_unique<State>();
  s->key = std::move(key);
  return SigstorePrivateKey(std::move(s));
}

std::string SigstorePrivateKey::sign(std::string_view payload) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t n = 0;
  if (!ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, digest_for(s_->key.get()), nullptr, s_->key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(payload.data()),
                     payload.size()) != 1)
    fail(FERRY_E_INTERNAL, "creating the sigstore signature failed");
  std::string sig(n, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &n,
                     reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) != 1)
    fail(FERRY_E_INTERNAL, "creating the sigstore signature failed");
  sig.resize(n);
  return base64::encode(sig);
}

std::string SigstorePrivateKey::public_pem() const { return public_pem_of(s_->key.get()); }

SigstoreKeyPair generate_sigstore_key(std::string_view passphrase) {
  Pkey key(EVP_EC_gen("P-256"));
  if (!key) fail(FERRY_E_INTERNAL, "generating a P-256 key failed");
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, decltype(&PKCS8_PRIV_KEY_INFO_free)> info(EVP_PKEY2PKCS8(key.get()),
                                                                                 PKCS8_PRIV_KEY_INFO_free);
  unsigned char* der = nullptr;
  const int n = info ? i2d_PKCS8_PRIV_KEY_INFO(info.get(), &der) : -1;
  if (n <= 0) fail(FERRY_E_INTERNAL, "encoding the private key failed");
  Secret plain{std::string(reinterpret_cast<char*>(der), static_cast<size_t>(n))};
  OPENSSL_clear_free(der, static_cast<size_t>(n));

  init_sodium();
  std::string salt(32, '\0'), nonce(crypto_secretbox_NONCEBYTES, '\0');
  randombytes_buf(salt.data(), salt.size());
  randombytes_buf(nonce.data(), nonce.size());
  const Secret kek = derive_key(passphrase, salt);
  std::string sealed(plain.bytes.size() + crypto_secretbox_MACBYTES, '\0');
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(sealed.data()),
                        reinterpret_cast<const unsigned char*>(plain.bytes.data()), plain.bytes.size(),
                        reinterpret_cast<const unsigned char*>(nonce.data()),
                        reinterpret_cast<const unsigned char*>(kek.bytes.data()));
  // Field order as cosign writes it.
  const std::string json =
      "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":32768,\"r\":8,\"p\":1},\"salt\":\"" +
      base64::encode(salt) + "\"},\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"" +
      base64::encode(nonce) + "\"},\"ciphertext\":\"" + base64::encode(sealed) + "\"}";
  return {.private_pem = pem::encode({.type = std::string(cosign_pem_type), .bytes = json}),
          .public_pem = public_pem_of(key.get())};
}

void verify_sigstore(std::string_view public_key_pem, std::string_view payload,
                     std::string_view signature_base64) {
  const auto block = pem::decode(public_key_pem);
  if (!block) fail(FERRY_E_UNAUTHORIZED, "parsing public key: PEM decoding failed");
  const auto* p = reinterpret_cast<const unsigned char*>(block->bytes.data());
  Pkey key(d2i_PUBKEY(nullptr, &p, static_cast<long>(block->bytes.size())));
  if (!key) fail(FERRY_E_UNAUTHORIZED, "parsing public key: the PEM block is not a public key");
  size_t bad = 0;
  const auto sig = base64::decode(signature_base64, &bad);
  if (!sig)
    fail(FERRY_E_UNAUTHORIZED, "base64 decoding: illegal base64 data at input byte " + std::to_string(bad));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, digest_for(key.get()), nullptr, key.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                       reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) == 1;
  if (!ok)
    fail(FERRY_E_UNAUTHORIZED,
         "cryptographic signature verification failed: invalid signature when validating ASN.1 encoded "
         "signature");
}

}  // namespace ferry::signature
