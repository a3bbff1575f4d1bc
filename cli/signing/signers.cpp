#include "signing/signers.hpp"

#include "app.hpp"
#include "signing/local_file.hpp"
#include "signing/passphrase.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/docker_reference/docker_reference.hpp>
#include <ferry/signature/blob.hpp>
#include <ferry/signature/gpg.hpp>
#include <ferry/signature/payload.hpp>
#include <ferry/signature/sigstore_key.hpp>

#include <chrono>
#include <mutex>
#include <string.h>  // explicit_bzero

namespace ferry::cli {
namespace {

int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string payload_for(std::string_view type, std::string_view manifest, const std::string& identity) {
  signature::Payload p;
  p.type = std::string(type);
  p.manifest_digest = manifest_digest(std::string(manifest)).str();
  p.docker_reference = identity;
  p.creator = signature::creator();
  p.timestamp = now();
  return signature::write_payload(p);
}

// Signing errors read as skopeo's: "creating signature: Bad passphrase".
template <class F>
auto creating_signature(F&& make) {
  try {
    return make();
  } catch (const Error& e) {
    throw Error(e.code(), std::string("creating signature: ") + e.what());
  }
}

class SimpleSigner final : public ManifestSigner {
 public:
  SimpleSigner(std::string key, std::optional<std::string> passphrase)
      : key_(std::move(key)), passphrase_(std::move(passphrase)) {}
  ~SimpleSigner() override {
    if (passphrase_) explicit_bzero(passphrase_->data(), passphrase_->size());
  }
  std::string kind() const override { return "simple signing"; }
  std::string sign(std::string_view manifest, const std::string& identity) const override {
    std::lock_guard guard(lock_);
    return simple_signature(manifest, identity, key_, passphrase_);
  }

 private:
  std::string key_;
  std::optional<std::string> passphrase_;
  mutable std::mutex lock_;
};

class SigstoreSigner final : public ManifestSigner {
 public:
  explicit SigstoreSigner(signature::SigstorePrivateKey key) : key_(std::move(key)) {}
  std::string kind() const override { return "a sigstore signature"; }
  std::string sign(std::string_view manifest, const std::string& identity) const override {
    signature::SigstoreSignature s;
    s.mime_type = std::string(signature::sigstore_payload_type);
    s.payload = payload_for(signature::sigstore_type, manifest, identity);
    s.annotations[std::string(signature::sigstore_signature_annotation)] =
        creating_signature([&] { return key_.sign(s.payload); });
    return signature::stored_form({.kind = signature::Kind::sigstore, .data = signature::write_sigstore(s)});
  }

 private:
  signature::SigstorePrivateKey key_;
};

}  // namespace

std::string simple_signature(std::string_view manifest, const std::string& identity, const std::string& key,
                             const std::optional<std::string>& passphrase) {
  return creating_signature([&] {
    auto keyring = signature::GpgKeyring::user();
    return keyring.sign(payload_for(signature::simple_signing_type, manifest, identity), key, passphrase);
  });
}

std::vector<std::shared_ptr<const ManifestSigner>> signers_from_flags(const cxxopts::ParseResult& f) {
  if (f.count("sign-by-sigstore"))
    fail(
        FERRY_E_NOT_SUPPORTED,
        "--sign-by-sigstore: signing with a sigstore parameter file (Fulcio, Rekor) is not supported by this "
        "ferry; use --sign-by-sigstore-private-key");
  const bool gpg = f.count("sign-by") > 0, sigstore = f.count("sign-by-sigstore-private-key") > 0;
  const bool passphrase_file = f.count("sign-passphrase-file") > 0;
  if (gpg && sigstore && passphrase_file)
    throw UsageError(
        "Only one of --sign-by and sign-by-sigstore-private-key can be used with sign-passphrase-file");
  std::optional<std::string> passphrase;
  if (passphrase_file) passphrase = read_passphrase_file(f["sign-passphrase-file"].as<std::string>());

  std::vector<std::shared_ptr<const ManifestSigner>> out;
  if (gpg) {
    const std::string key = f["sign-by"].as<std::string>();
    if (!creating_signature([] { return signature::GpgKeyring::user(); }).has_secret_key(key))
      fail(FERRY_E_INVALID_ARGUMENT, "creating signature: key \"" + key + "\" not found");
    out.push_back(std::make_shared<SimpleSigner>(key, passphrase));
  }
  if (sigstore) {
    const std::string path = f["sign-by-sigstore-private-key"].as<std::string>();
    const std::string pass = passphrase ? *passphrase : prompt_passphrase(path);
    // Unlike skopeo, a key that cannot be opened stops the copy before it starts.
    out.push_back(std::make_shared<SigstoreSigner>(creating_signature([&] {
      try {
        return signature::SigstorePrivateKey::load(read_local_file(path, "reading private key"), pass);
      } catch (const Error& e) {
        throw Error(e.code(), std::string("initializing private key: ") + e.what());
      }
    })));
  }
  return out;
}

std::string checked_sign_identity(const std::string& text) {
  DockerReference ref;
  try {
    ref = DockerReference::parse(text, {.allow_tag_and_digest = true, .what = "--sign-identity"});
  } catch (const Error& e) {
    throw UsageError(std::string("Could not parse --sign-identity: ") + e.what());
  }
  if (ref.str() != text)
    throw UsageError("Could not parse --sign-identity: repository name must be canonical");
  if (!ref.tag && !ref.digest) throw UsageError("Sign identity must be a fully specified reference " + text);
  return text;
}

}  // namespace ferry::cli
