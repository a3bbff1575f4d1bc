// Key-based sigstore signatures as cosign makes them: ECDSA P-256 (also RSA
// and ed25519 for verifying) with SHA-256 over the payload bytes, the private
// key kept as "ENCRYPTED COSIGN PRIVATE KEY" PEM (scrypt + NaCl secretbox
// around PKCS#8).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace ferry::signature {

class SigstorePrivateKey {
 public:
  // Decrypts a private key file's contents. Errors as skopeo's: "invalid pem
  // block", "unsupported pem type: …", "decrypt: encrypted: decryption failed".
  static SigstorePrivateKey load(std::string_view pem, std::string_view passphrase);

  SigstorePrivateKey(SigstorePrivateKey&&) noexcept;
  SigstorePrivateKey& operator=(SigstorePrivateKey&&) noexcept;
  ~SigstorePrivateKey();

  // Base64 of the ASN.1 DER signature over `payload`.
  std::string sign(std::string_view payload) const;
  // The public key as PEM "PUBLIC KEY".
  std::string public_pem() const;

 private:
  struct State;
  explicit SigstorePrivateKey(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

// A new P-256 key pair: the encrypted private key PEM (COSIGN type) and the
// public key PEM.
struct SigstoreKeyPair {
  std::string private_pem;
  std::string public_pem;
};
SigstoreKeyPair generate_sigstore_key(std::string_view passphrase);

// Checks `signature_base64` over `payload` with a PEM public key. Throws
// sdk::Error(FERRY_E_UNAUTHORIZED) with skopeo's texts: "parsing public key:
// PEM decoding failed", "base64 decoding: …", "cryptographic signature
// verification failed: invalid signature when validating ASN.1 encoded signature".
void verify_sigstore(std::string_view public_key_pem, std::string_view payload,
                     std::string_view signature_base64);

}  // namespace ferry::signature
