// A signature as an OCI 1.1 referrer (an artifact manifest whose `subject` is
// the signed manifest), the form both oci: layouts and registries keep with
// --dest-signatures-as-referrers. A sigstore signature is stored as cosign
// stores it in OCI 1.1 mode (its payload as the one layer, the signature in
// the layer's annotation); a GPG simple signature as its OpenPGP message under
// ferry's own artifact type. Pure: the caller moves the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::signature {

inline constexpr std::string_view simple_signing_artifact_type =
    "application/vnd.ferry.signature.simple-signing.v1";
inline constexpr std::string_view cosign_artifact_type = "application/vnd.dev.cosign.artifact.sig.v1+json";
// The OCI 1.1 empty descriptor's content: every referrer's config.
inline constexpr std::string_view empty_config = "{}";
inline constexpr std::string_view empty_config_type = "application/vnd.oci.empty.v1+json";
// containers/image's bound on one signature.
inline constexpr size_t max_referrer_signature = 4 * 1024 * 1024;

// True for the two artifact types above.
bool is_signature_artifact(std::string_view artifact_type);

// The signed manifest's descriptor.
struct Subject {
  std::string media_type;
  std::string digest;
  uint64_t size = 0;
};

// What to store for one signature: the artifact manifest (OCI image manifest)
// and its one layer; the config is empty_config.
struct Referrer {
  std::string artifact_type;
  std::string manifest;
  std::string layer;
};

// Throws sdk::Error(FERRY_E_INVALID_ARGUMENT) for a stored form that is not a signature.
Referrer make_referrer(const Subject& subject, std::string_view stored_signature);

// An artifact manifest read back: what names its layer, to fetch it.
struct ReferrerManifest {
  std::string artifact_type;
  std::string subject_digest;
  bool one_layer = false;  // otherwise not a signature ferry can read; the fields below are empty
  std::string layer_media_type;
  std::string layer_digest;
  uint64_t layer_size = 0;
  std::map<std::string, std::string> layer_annotations;
};

// nullopt for a manifest that is not JSON, not of a signature artifact type or
// has no subject.
std::optional<ReferrerManifest> read_referrer(std::string_view manifest);

// The stored form of a referrer's signature, given its layer's bytes.
std::string stored_signature(const ReferrerManifest& manifest, std::string layer);

}  // namespace ferry::signature
