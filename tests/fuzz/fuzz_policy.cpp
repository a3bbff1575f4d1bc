// policy.json (core policy): parsed strictly with every kind of transport
// scope, then asked for the requirements of images of each kind; the input is
// also tried as a scope, an identity and a remapIdentity prefix, and the
// identities it declares are matched against a name.
#include "config/policy/policy_identity.hpp"
#include "config/policy/policy_scopes.hpp"
#include "fuzz_input.hpp"

#include <ferry/core/policy.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ferry;
  const std::string text(fuzz::as_text(data, size));
  const std::pair<const char*, PolicyScopeKind> transports[] = {
      {"docker", PolicyScopeKind::registry},
      {"docker-daemon", PolicyScopeKind::name_or_id},
      {"oci", PolicyScopeKind::path},
      {"docker-archive", PolicyScopeKind::none},
      {"containers-storage", PolicyScopeKind::store}};
  for (const auto& [name, kind] : transports) {
    (void)policy::valid_scope(kind, text);
    (void)policy::scope_namespaces(kind, text);
  }
  (void)policy::valid_remap_prefix(text);

  PolicyScopeKinds kinds(std::begin(transports), std::end(transports));
  Policy p = Policy::accept_anything();
  if (!fuzz::accepted([&] { p = Policy::parse(text, "fuzz.json", kinds); })) return 0;
  const std::pair<const char*, const char*> images[] = {
      {"docker", "docker.io/library/busybox:latest"},
      {"docker-daemon",
       "r.example:5000/a/b@sha256:0000000000000000000000000000000000000000000000000000000000000000"},
      {"oci", "/srv/layout"},
      {"docker-archive", ""},
      {"containers-storage", "[overlay@/var/lib/containers/storage]docker.io/library/busybox:latest"}};
  for (const auto& [name, identity] : images)
    for (const auto& r : p.requirements_for(name, kinds.at(name), identity))
      (void)policy::identity_matches(r.signed_identity, "docker.io/library/busybox:latest",
                                     "docker.io/library/busybox:latest");
  return 0;
}
