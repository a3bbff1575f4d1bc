// signedBy (containers/image's policy_eval_signedby.go): simple signatures
// verified with gpgme against only the policy's keys, imported into a keyring
// of their own. Sigstore signatures are not its business.
#include "config/policy/policy_files.hpp"
#include "config/policy/policy_signatures.hpp"

#include <ferry/core/error.hpp>
#include <ferry/signature/gpg.hpp>
#include <ferry/signature/payload.hpp>

#include <algorithm>
#include <variant>

namespace ferry::policy {
namespace {

// The keyring every signature is checked with, or why there is none (each
// signature is then refused for that reason, as skopeo sets it up per signature).
std::variant<signature::GpgKeyring, std::string> keyring_for(const PolicyRequirement& r) {
  try {
    std::vector<std::string> keys;
    if (r.key_path) keys.push_back(read_whole_file(*r.key_path));
    if (r.key_paths)
      for (const auto& p : *r.key_paths) keys.push_back(read_whole_file(p));
    if (r.key_data) keys.push_back(*r.key_data);
    return signature::GpgKeyring::with_keys(keys);
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

std::optional<std::string> signature_refusal(const PolicyRequirement& r, const ImageEvidence& image,
                                             const signature::GpgKeyring& keyring, const std::string& blob) {
  try {
    const auto verified = keyring.verify(blob);
    const auto& trusted = keyring.imported_fingerprints();
    // Only the policy's keys are in this keyring; checked all the same.
    if (std::find(trusted.begin(), trusted.end(), verified.fingerprint) == trusted.end())
      return "Signature by key " + verified.fingerprint + " is not accepted";
    const auto payload = signature::read_payload(verified.payload, signature::simple_signing_type);
    return payload_refusal(r, image, payload.manifest_digest, payload.docker_reference);
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

}  // namespace

std::optional<std::string> signed_by_refusal(const PolicyRequirement& r, const ImageEvidence& image) {
  const auto& simple = image.simple_signatures;
  std::vector<std::string> rejections;
  if (!simple.empty()) {
    if (r.key_type != "GPGKeys") {
      // Parsed, but never verified: every signature is refused.
      rejections.assign(simple.size(), "Unimplemented \"keyType\" value \"" + r.key_type + "\"");
    } else {
      const auto keyring = keyring_for(r);
      for (const auto& s : simple) {
        const auto why = std::holds_alternative<std::string>(keyring)
                             ? std::optional<std::string>(std::get<std::string>(keyring))
                             : signature_refusal(r, image, std::get<signature::GpgKeyring>(keyring), s);
        if (!why) return std::nullopt;  // one accepted signature is enough
        rejections.push_back(*why);
      }
    }
  }
  return summarize(rejections, "A signature was required, but no signature exists");
}

}  // namespace ferry::policy
