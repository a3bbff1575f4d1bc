// The scope kinds ferry's own transports declare, as a policy test sees them.
#pragma once

#include <ferry/core/policy.hpp>

namespace ferry::test {

inline const PolicyScopeKinds& transport_kinds() {
  static const PolicyScopeKinds kinds = {{"docker", PolicyScopeKind::registry},
                                         {"docker-daemon", PolicyScopeKind::name_or_id},
                                         {"oci", PolicyScopeKind::path},
                                         {"oci-archive", PolicyScopeKind::path},
                                         {"dir", PolicyScopeKind::path},
                                         {"docker-archive", PolicyScopeKind::none},
                                         {"containers-storage", PolicyScopeKind::store}};
  return kinds;
}

}  // namespace ferry::test
