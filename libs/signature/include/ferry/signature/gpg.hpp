// Simple signing with OpenPGP through gpgme, as skopeo does: a binary,
// non-detached signed message made by gpg-agent, verified against a keyring.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::signature {

// What a signature that verified says: who signed (the primary key's full
// fingerprint, upper case) and the bytes they signed.
struct GpgVerified {
  std::string fingerprint;
  std::string payload;
};

// What a signed message claims, trusting nothing: the bytes it holds, the key
// it names (the fingerprint, or the key ID when that key is not in the
// keyring), and whether it verified with a key of this keyring.
struct GpgUntrusted {
  std::string payload;
  std::string key;
  bool verified = false;
};

class GpgKeyring {
 public:
  // The user's keyring ($GNUPGHOME, else ~/.gnupg): for signing and for
  // standalone-verify.
  static GpgKeyring user();
  // A fresh temporary keyring holding `keys` (each binary or armored key
  // data), removed with the object: what a policy's signedBy trusts. Throws
  // "No public keys imported" when none of them is a key.
  static GpgKeyring with_keys(const std::vector<std::string>& keys);

  GpgKeyring(GpgKeyring&&) noexcept;
  GpgKeyring& operator=(GpgKeyring&&) noexcept;
  ~GpgKeyring();

  // Fingerprints of the primary keys imported by with_keys().
  const std::vector<std::string>& imported_fingerprints() const;

  // Whether `key` names a secret key here, so that signing can be refused
  // before a copy starts rather than after it wrote the image.
  bool has_secret_key(const std::string& key) const;

  // Signs `payload` with `key` (anything gpg accepts as a key spec). With a
  // passphrase, gpg-agent is asked in loopback mode. Errors as skopeo's:
  // `key "…" not found`, `Bad passphrase`.
  std::string sign(std::string_view payload, const std::string& key,
                   const std::optional<std::string>& passphrase);

  // Verifies a signed message. Throws sdk::Error(FERRY_E_UNAUTHORIZED) with
  // the reason ("No data", "Invalid GPG signature: …") when it does not.
  GpgVerified verify(std::string_view signature) const;

  // Reads a signed message without requiring a valid signature (for showing
  // what a signature says). Throws when it is not a signed message.
  GpgUntrusted read_untrusted(std::string_view signature) const;

 private:
  struct State;
  explicit GpgKeyring(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

}  // namespace ferry::signature
