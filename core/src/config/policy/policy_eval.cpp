// Whether an image may be used as a source (containers/image's
// IsRunningImageAllowed): every requirement of the list that applies must
// allow it, and the first that refuses says why.
#include "config/policy/policy_signatures.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/log.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/core/policy.hpp>

namespace ferry {
namespace {

[[noreturn]] void rejected(const std::string& why) {
  fail(FERRY_E_UNAUTHORIZED, "Source image rejected: " + why);
}

bool needs_signatures(const PolicyRequirement& r) {
  return r.type == "signedBy" || r.type == "sigstoreSigned";
}

// The requirements that decide without looking at the image: throws for a
// refusal, returns false for one that needs the image's signatures.
bool allows_unseen(const PolicyRequirement& r, const ImageReference& ref) {
  if (r.type == "insecureAcceptAnything") return true;
  if (r.type == "reject") rejected("Running image " + ref.full_name() + " is rejected by policy.");
  if (r.type == "signedBaseLayer") {
    log_message(LogLevel::error, "signedBaseLayer not implemented yet!");
    rejected("signedBaseLayer not implemented yet!");
  }
  return false;
}

const PolicyRequirements& applicable(const Policy& p, const ImageReference& ref) {
  const auto& reqs = p.requirements_for(ref);
  if (reqs.empty()) rejected("List of verification policy requirements must not be empty");
  return reqs;
}

policy::ImageEvidence gather(const ImageReference& ref, std::string_view manifest,
                             const std::vector<std::string>& signatures) {
  policy::ImageEvidence e;
  e.docker_reference = ref.docker_reference();
  try {
    e.manifest_digest = manifest_digest(manifest).str();
  } catch (const Error& err) {
    e.manifest_digest_error = err.what();
  }
  // A stored signature of no known format, or a malformed sigstore one, fails
  // the whole evaluation, as skopeo fails reading it.
  for (const auto& s : signatures) {
    try {
      auto blob = signature::read_blob(s);
      if (blob.kind == signature::Kind::simple_signing)
        e.simple_signatures.push_back(std::move(blob.data));
      else
        e.sigstore_signatures.push_back(signature::read_sigstore(blob.data));
    } catch (const Error& err) {
      rejected(err.what());
    }
  }
  return e;
}

}  // namespace

void Policy::check(const ImageReference& ref) const {
  for (const auto& r : applicable(*this, ref))
    if (!allows_unseen(r, ref)) return;  // the rest is check_image's, once signatures are read
}

bool Policy::needs_signatures(const ImageReference& ref) const {
  for (const auto& r : requirements_for(ref)) {
    if (r.type == "reject" || r.type == "signedBaseLayer") return false;  // refused before any is read
    if (ferry::needs_signatures(r)) return true;
  }
  return false;
}

void Policy::check_image(const ImageReference& ref, std::string_view manifest,
                         const std::vector<std::string>& signatures) const {
  std::optional<policy::ImageEvidence> evidence;  // read when the first requirement needs it
  for (const auto& r : applicable(*this, ref)) {
    if (!ferry::needs_signatures(r)) {
      allows_unseen(r, ref);
      continue;
    }
    if (!evidence) evidence = gather(ref, manifest, signatures);
    const auto why = r.type == "signedBy" ? policy::signed_by_refusal(r, *evidence)
                                          : policy::sigstore_signed_refusal(r, *evidence);
    if (why) rejected(*why);
  }
}

}  // namespace ferry
