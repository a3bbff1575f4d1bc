// Policy scopes per kind of transport: which scopes a policy may name, and
// which namespaces an image's identity falls in (most specific first), as
// containers/image's transports define them.
#pragma once

#include <ferry/core/policy.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ferry::policy {

// Whether a policy may name `scope` (never "", which is always valid) for a
// transport of this kind. An invalid scope is reported as an unknown key.
bool valid_scope(PolicyScopeKind kind, const std::string& scope);

// The namespaces of `identity` to try after the identity itself, most specific
// first; the transport's "" and the default come after them.
std::vector<std::string> scope_namespaces(PolicyScopeKind kind, const std::string& identity);

// A digest that go-digest's Parse accepts: sha256, sha384 or sha512 with its
// number of lower-case hex digits.
bool is_valid_digest(std::string_view s);

}  // namespace ferry::policy
