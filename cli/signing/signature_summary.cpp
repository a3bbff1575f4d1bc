#include "signing/signature_summary.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/signature/blob.hpp>
#include <ferry/signature/gpg.hpp>
#include <ferry/signature/payload.hpp>
#include <ferry/signature/sigstore_key.hpp>

#include <ctime>

namespace ferry::cli {
namespace {

std::string rfc3339_utc(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return std::to_string(seconds);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool digest_matches(const std::string& claimed, std::string_view manifest) {
  try {
    const Digest d = Digest::parse(claimed);
    return manifest_digest(std::string(manifest), d.algorithm()) == d;
  } catch (const Error&) {
    return false;
  }
}

void describe_payload(nlohmann::ordered_json& out, const signature::Payload& p, std::string_view manifest) {
  out["DockerReference"] = p.docker_reference;
  out["DockerManifestDigest"] = p.manifest_digest;
  out["MatchesManifest"] = digest_matches(p.manifest_digest, manifest);
  if (p.creator) out["Creator"] = *p.creator;
  if (p.timestamp) out["Timestamp"] = rfc3339_utc(*p.timestamp);
}

}  // namespace

nlohmann::ordered_json describe_signature(std::string_view stored, std::string_view manifest) {
  nlohmann::ordered_json out;
  try {
    const signature::Blob blob = signature::read_blob(stored);
    if (blob.kind == signature::Kind::simple_signing) {
      out["Type"] = "simple signing";
      const auto untrusted = signature::GpgKeyring::user().read_untrusted(blob.data);
      out["Signer"] = untrusted.key;
      // Verified: by a key of the user's keyring; a policy may trust others.
      out["VerifiedByUserKeyring"] = untrusted.verified;
      describe_payload(out, signature::read_payload(untrusted.payload, signature::simple_signing_type),
                       manifest);
    } else {
      out["Type"] = "sigstore";
      const auto s = signature::read_sigstore(blob.data);
      out["MediaType"] = s.mime_type;
      if (s.mime_type == signature::sigstore_payload_type)
        describe_payload(out, signature::read_payload(s.payload, signature::sigstore_type), manifest);
    }
  } catch (const Error& e) {
    out["Error"] = e.what();
  }
  return out;
}

std::string untrusted_signature_dump(std::string_view stored) {
  const signature::Blob blob = signature::read_blob(stored);
  if (blob.kind != signature::Kind::simple_signing)
    fail(FERRY_E_INVALID_ARGUMENT, "not a simple signature (it is a sigstore signature)");
  const auto untrusted = signature::GpgKeyring::user().read_untrusted(blob.data);
  const auto p = signature::read_payload(untrusted.payload, signature::simple_signing_type);
  nlohmann::ordered_json j;
  j["UntrustedDockerManifestDigest"] = p.manifest_digest;
  j["UntrustedDockerReference"] = p.docker_reference;
  j["UntrustedCreatorID"] = p.creator ? nlohmann::ordered_json(*p.creator) : nlohmann::ordered_json();
  j["UntrustedTimestamp"] =
      p.timestamp ? nlohmann::ordered_json(rfc3339_utc(*p.timestamp)) : nlohmann::ordered_json();
  // The issuer's key ID: the last 16 hex digits of what gpg names.
  const std::string& key = untrusted.key;
  j["UntrustedShortKeyIdentifier"] = key.size() > 16 ? key.substr(key.size() - 16) : key;
  return j.dump(4);
}

}  // namespace ferry::cli
