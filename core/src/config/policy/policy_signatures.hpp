// The requirements that look at signatures: signedBy (simple signing with
// GPG keys) and sigstoreSigned (key-based sigstore). Each accepts the image
// when any one of its signatures of that kind is accepted.
#pragma once

#include <ferry/core/policy.hpp>
#include <ferry/signature/blob.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::policy {

// What the requirements see of the image being checked.
struct ImageEvidence {
  std::optional<std::string> docker_reference;  // the image's own name, if it has one
  std::string manifest_digest;                  // of the manifest bytes, or "" when they have none
  std::string manifest_digest_error;            // why not, when manifest_digest is ""
  // The signatures in the transport's order, by kind, read as skopeo reads
  // them (a malformed one fails the evaluation before any requirement sees it).
  std::vector<std::string> simple_signatures;  // OpenPGP messages
  std::vector<signature::SigstoreSignature> sigstore_signatures;
};

// nullopt when the requirement accepts the image, else why not (the text
// after "Source image rejected: ").
std::optional<std::string> signed_by_refusal(const PolicyRequirement& r, const ImageEvidence& image);
std::optional<std::string> sigstore_signed_refusal(const PolicyRequirement& r, const ImageEvidence& image);

// Checks shared by both: the signed digest, then the signed identity. The
// reason when refused.
std::optional<std::string> payload_refusal(const PolicyRequirement& r, const ImageEvidence& image,
                                           const std::string& signed_digest,
                                           const std::string& signed_reference);

// containers/image's summary when no signature was accepted.
std::optional<std::string> summarize(const std::vector<std::string>& rejections,
                                     const std::string& when_none);

}  // namespace ferry::policy
