// Which requirements apply to an image: containers/image's
// requirementsForImageRef. The transport's scopes are tried with the image's
// identity, then each of its namespaces, then the transport's ""; anything
// else falls to the default.
#include "config/policy/policy_scopes.hpp"

#include <ferry/core/policy.hpp>

namespace ferry {

PolicyScopeKind policy_scope_kind(uint32_t flags) {
  if (flags & FERRY_TRANSPORT_POLICY_SCOPE_REGISTRY) return PolicyScopeKind::registry;
  if (flags & FERRY_TRANSPORT_POLICY_SCOPE_NAME_OR_ID) return PolicyScopeKind::name_or_id;
  if (flags & FERRY_TRANSPORT_POLICY_SCOPE_PATH) return PolicyScopeKind::path;
  if (flags & FERRY_TRANSPORT_POLICY_SCOPE_NONE) return PolicyScopeKind::none;
  if (flags & FERRY_TRANSPORT_POLICY_SCOPE_STORE) return PolicyScopeKind::store;
  return PolicyScopeKind::opaque;
}

const PolicyRequirements& Policy::requirements_for(const std::string& transport, PolicyScopeKind kind,
                                                   const std::string& identity) const {
  auto t = transports_.find(transport);
  if (t == transports_.end()) return default_;
  const auto& scopes = t->second;
  if (auto it = scopes.find(identity); it != scopes.end()) return it->second;
  for (const auto& ns : policy::scope_namespaces(kind, identity))
    if (auto it = scopes.find(ns); it != scopes.end()) return it->second;
  if (auto it = scopes.find(""); it != scopes.end()) return it->second;
  return default_;
}

const PolicyRequirements& Policy::requirements_for(const ImageReference& ref) const {
  const Transport& t = ref.transport();
  return requirements_for(t.name(), policy_scope_kind(t.flags()), ref.policy_scope().value_or(""));
}

}  // namespace ferry
