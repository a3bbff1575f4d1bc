// sigstoreSigned (containers/image's policy_eval_sigstore.go): sigstore
// signatures whose payload media type is cosign's simple signing, verified
// with the policy's public key. Simple signatures are only counted.
#include "config/policy/policy_files.hpp"
#include "config/policy/policy_signatures.hpp"

#include <ferry/core/error.hpp>
#include <ferry/signature/payload.hpp>
#include <ferry/signature/sigstore_key.hpp>

namespace ferry::policy {
namespace {

std::optional<std::string> signature_refusal(const PolicyRequirement& r, const ImageEvidence& image,
                                             const signature::SigstoreSignature& sig) {
  try {
    const std::string public_key = r.key_data ? *r.key_data : read_whole_file(r.key_path.value_or(""));
    const auto annotation = sig.annotations.find(std::string(signature::sigstore_signature_annotation));
    if (annotation == sig.annotations.end()) {
      // The key is parsed before the annotation is looked for: a bad key is reported first.
      try {
        signature::verify_sigstore(public_key, sig.payload, "");
      } catch (const Error& e) {
        if (std::string_view(e.what()).starts_with("parsing public key")) throw;
      }
      return "missing " + std::string(signature::sigstore_signature_annotation) + " annotation";
    }
    signature::verify_sigstore(public_key, sig.payload, annotation->second);
    const auto payload = signature::read_payload(sig.payload, signature::sigstore_type);
    return payload_refusal(r, image, payload.manifest_digest, payload.docker_reference);
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

}  // namespace

std::optional<std::string> sigstore_signed_refusal(const PolicyRequirement& r, const ImageEvidence& image) {
  const size_t non_sigstore = image.simple_signatures.size();
  size_t non_signatures = 0;
  std::vector<std::string> rejections;
  for (const auto& sig : image.sigstore_signatures) {
    if (sig.mime_type != signature::sigstore_payload_type) {
      ++non_signatures;  // some other attachment
      continue;
    }
    const auto why = signature_refusal(r, image, sig);
    if (!why) return std::nullopt;  // one accepted signature is enough
    rejections.push_back(*why);
  }
  std::string none = "A signature was required, but no signature exists";
  if (non_sigstore || non_signatures)
    none += " (" + std::to_string(non_sigstore) + " non-sigstore signatures, " +
            std::to_string(non_signatures) + " sigstore non-signature attachments)";
  return summarize(rejections, none);
}

}  // namespace ferry::policy
