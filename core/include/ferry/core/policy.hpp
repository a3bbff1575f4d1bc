// Signature verification policy (containers-policy.json(5)), as skopeo 1.9.3
// reads and applies it: which requirements apply to a source image (by its
// transport's scopes, most specific first), and whether the image, with its
// manifest and signatures, satisfies all of them.
//
// The core knows no transport by name: a transport declares the shape of its
// scopes (FERRY_TRANSPORT_POLICY_SCOPE_*), which says how scopes are validated
// and which namespaces an image's identity falls in.
#pragma once

#include <ferry/core/transport.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry {

// How a transport's policy scopes look (from its FERRY_TRANSPORT_POLICY_SCOPE_* flag).
enum class PolicyScopeKind {
  opaque,      // declared none: any scope is valid; only the exact identity matches
  registry,    // host[:port]/repo[:tag|@digest]; namespaces up to the host, then *.domain
  name_or_id,  // as registry, but an algo:digest image ID is no scope
  path,        // an absolute clean path other than "/"; namespaces are its parents
  none,        // only the transport's default scope ""
  store,       // [driver@root]name[:tag][@digest][@id], namespaces down to the store
};

PolicyScopeKind policy_scope_kind(uint32_t transport_flags);

// Scope kinds by transport name, for validating a policy file without loading
// plugins. A transport that is not listed is unknown: its scopes are accepted
// and never match, as skopeo does.
using PolicyScopeKinds = std::map<std::string, PolicyScopeKind>;

// signedIdentity: how a signature's docker-reference must relate to the image.
struct SignedIdentity {
  // matchExact, matchRepoDigestOrExact, matchRepository, exactReference,
  // exactRepository or remapIdentity.
  std::string type = "matchRepoDigestOrExact";
  std::string docker_reference;   // exactReference
  std::string docker_repository;  // exactRepository
  std::string prefix;             // remapIdentity
  std::string signed_prefix;      // remapIdentity
};

struct PolicyRequirement {
  // insecureAcceptAnything, reject, signedBy, sigstoreSigned or signedBaseLayer.
  std::string type;
  // signedBy: GPGKeys, signedByGPGKeys, X509Certificates or signedByX509CAs.
  std::string key_type;
  // signedBy: exactly one of the three; sigstoreSigned: key_path or key_data.
  std::optional<std::string> key_path;
  std::optional<std::vector<std::string>> key_paths;
  std::optional<std::string> key_data;  // decoded bytes
  SignedIdentity signed_identity;       // signedBy, sigstoreSigned; signedBaseLayer's baseLayerIdentity
};
using PolicyRequirements = std::vector<PolicyRequirement>;

class Policy {
 public:
  // {"default":[{"type":"insecureAcceptAnything"}]}, as --insecure-policy.
  static Policy accept_anything();
  // Parses a policy document strictly, as containers/image does. Errors are
  // FERRY_E_INVALID_ARGUMENT `invalid policy in "<origin>": <reason>`.
  static Policy parse(std::string_view json, const std::string& origin, const PolicyScopeKinds& kinds = {});
  // The file parsed; a file that cannot be read is FERRY_E_IO
  // `open <file>: no such file or directory`.
  static Policy load(const std::filesystem::path& file, const PolicyScopeKinds& kinds = {});
  // --policy if given, else $HOME/.config/containers/policy.json if it
  // exists, else /etc/containers/policy.json.
  static Policy load_default(const std::string& explicit_path, const PolicyScopeKinds& kinds = {});

  // The early check, before anything of the image is read: throws
  // Error(FERRY_E_UNAUTHORIZED, "Source image rejected: …") when the
  // requirements refuse `ref` whatever it holds (reject, signedBaseLayer, an
  // empty list); requirements that need signatures are left to check_image.
  void check(const ImageReference& ref) const;
  // Whether check_image will look at signatures for `ref`.
  bool needs_signatures(const ImageReference& ref) const;
  // The full evaluation for one single image: its manifest bytes and its
  // signatures as the transport stores them. Throws as check() does.
  void check_image(const ImageReference& ref, std::string_view manifest,
                   const std::vector<std::string>& signatures) const;

  // The requirements for an image of `transport` whose policy identity is
  // `identity`: that identity, then its namespaces, then the transport's "",
  // then the default.
  const PolicyRequirements& requirements_for(const std::string& transport, PolicyScopeKind kind,
                                             const std::string& identity) const;
  const PolicyRequirements& requirements_for(const ImageReference& ref) const;

 private:
  PolicyRequirements default_;
  std::map<std::string, std::map<std::string, PolicyRequirements>> transports_;
};

}  // namespace ferry
