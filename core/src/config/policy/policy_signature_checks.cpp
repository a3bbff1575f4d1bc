// What signedBy and sigstoreSigned check alike once a signature verified:
// the manifest digest it signs and the identity it claims; and how the
// reasons of several refused signatures are summed up.
#include "config/policy/policy_identity.hpp"
#include "config/policy/policy_signatures.hpp"

namespace ferry::policy {

std::optional<std::string> payload_refusal(const PolicyRequirement& r, const ImageEvidence& image,
                                           const std::string& signed_digest,
                                           const std::string& signed_reference) {
  if (image.manifest_digest.empty()) return image.manifest_digest_error;
  // Compared as strings, as manifest.MatchesDigest does (a sha512 claim never matches).
  if (signed_digest != image.manifest_digest)
    return "Signature for digest " + signed_digest + " does not match";
  if (!identity_matches(r.signed_identity, image.docker_reference, signed_reference))
    return "Signature for identity " + signed_reference + " is not accepted";
  return std::nullopt;
}

std::optional<std::string> summarize(const std::vector<std::string>& rejections,
                                     const std::string& when_none) {
  if (rejections.empty()) return when_none;
  if (rejections.size() == 1) return rejections.front();
  std::string all;
  for (const auto& r : rejections) all += (all.empty() ? "" : "; ") + r;
  return "None of the signatures were accepted, reasons: " + all;
}

}  // namespace ferry::policy
