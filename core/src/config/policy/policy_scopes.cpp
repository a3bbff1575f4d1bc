#include "config/policy/policy_scopes.hpp"

#include <ferry/docker_reference/docker_reference.hpp>

#include <optional>

namespace ferry::policy {
namespace {

bool lower_hex(std::string_view s, size_t length) {
  if (s.size() != length) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool is_image_id(std::string_view s) { return lower_hex(s, 64); }

// Go's filepath.Clean for an absolute path: no empty, "." or ".." elements,
// no trailing slash.
std::string clean_absolute(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (auto p : parts) out += "/" + std::string(p);
  return out.empty() ? "/" : out;
}

// The repository of a registry identity ("host:5000/ns/app"), nullopt when it is not one.
std::optional<DockerReference> registry_name(const std::string& identity) {
  try {
    return DockerReference::parse(identity, {.allow_tag_and_digest = true, .what = "policy identity"});
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// docker/policyconfiguration's DockerReferenceNamespaces: the repository and
// its parents up to host[:port], then the host without its port as *.domain
// wildcards ("*.example.com", "*.com").
std::vector<std::string> registry_namespaces(const std::string& identity) {
  auto ref = registry_name(identity);
  if (!ref) return {};
  std::vector<std::string> out;
  std::string name = ref->repository();
  for (;;) {
    out.push_back(name);
    auto slash = name.rfind('/');
    if (slash == std::string::npos) break;
    name.resize(slash);
  }
  if (auto colon = name.find(':'); colon != std::string::npos) name.resize(colon);
  for (auto dot = name.find('.'); dot != std::string::npos; dot = name.find('.')) {
    name.erase(0, dot + 1);
    out.push_back("*." + name);
  }
  return out;
}

// Each parent directory, down to but not including "/".
std::vector<std::string> path_namespaces(const std::string& identity) {
  std::vector<std::string> out;
  std::string path = identity;
  for (auto slash = path.rfind('/'); slash != std::string::npos && slash > 0; slash = path.rfind('/')) {
    path.resize(slash);
    out.push_back(path);
  }
  return out;
}

bool valid_store_scope(const std::string& scope) {
  if (scope[0] != '[') return false;
  const auto close = scope.find(']');
  if (close == std::string::npos || close < 1) return false;
  const std::string spec = scope.substr(1, close - 1);
  const auto at = spec.find('@');
  if (at == std::string::npos) {
    if (spec.empty() || spec[0] != '/') return false;  // the graph root alone
  } else {
    const std::string driver = spec.substr(0, at), root = spec.substr(at + 1);
    if (driver.empty() || root.empty() || root[0] != '/') return false;
  }
  const std::string rest = scope.substr(close + 1);
  if (rest.empty()) return true;
  // name, name@ID or name@digest, name@digest@ID (the name is not checked).
  std::vector<std::string> fields;
  size_t start = 0;
  for (int i = 0; i < 2; ++i) {
    auto a = rest.find('@', start);
    if (a == std::string::npos) break;
    fields.push_back(rest.substr(start, a - start));
    start = a + 1;
  }
  fields.push_back(rest.substr(start));
  if (fields.size() == 2) return is_image_id(fields[1]) || is_valid_digest(fields[1]);
  if (fields.size() == 3) return is_valid_digest(fields[1]) && is_image_id(fields[2]);
  return true;
}

// containers-storage's PolicyConfigurationNamespaces, from its identity
// "[driver@root]" + name (with tag and/or digest) + "@" + ID.
std::vector<std::string> store_namespaces(const std::string& identity) {
  const auto close = identity.find(']');
  if (identity.empty() || identity[0] != '[' || close == std::string::npos) return {};
  const std::string store = identity.substr(0, close + 1);
  const std::string spec = identity.substr(1, close - 1);
  const std::string root = spec.substr(spec.find('@') == std::string::npos ? 0 : spec.find('@') + 1);
  std::string named = identity.substr(close + 1), id;
  if (auto last = named.rfind('@'); last != std::string::npos && is_image_id(named.substr(last + 1))) {
    id = named.substr(last + 1);
    named.resize(last);
  }
  std::vector<std::string> out;
  if (!named.empty()) {
    if (!id.empty()) out.push_back(store + named);
    if (auto ref = registry_name(named)) {
      if (ref->tag && ref->digest) out.push_back(store + ref->repository() + ":" + *ref->tag);
      std::string name = ref->repository();
      for (;;) {
        out.push_back(store + name);
        auto slash = name.rfind('/');
        if (slash == std::string::npos) break;
        name.resize(slash);
      }
    }
  }
  out.push_back(store);
  out.push_back("[" + root + "]");
  return out;
}

}  // namespace

bool is_valid_digest(std::string_view s) {
  const auto colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  const auto algo = s.substr(0, colon), hex = s.substr(colon + 1);
  return (algo == "sha256" && lower_hex(hex, 64)) || (algo == "sha384" && lower_hex(hex, 96)) ||
         (algo == "sha512" && lower_hex(hex, 128));
}

bool valid_scope(PolicyScopeKind kind, const std::string& scope) {
  if (scope.empty()) return true;
  switch (kind) {
    case PolicyScopeKind::opaque:
    case PolicyScopeKind::registry:
      return true;  // any string; one that is no reference just never matches
    case PolicyScopeKind::name_or_id:
      return !is_valid_digest(scope);  // an image ID has no namespace
    case PolicyScopeKind::path:
      // "/" would shadow "" with the same meaning; a non-canonical path would never match.
      return scope[0] == '/' && scope != "/" && clean_absolute(scope) == scope;
    case PolicyScopeKind::none:
      return false;
    case PolicyScopeKind::store:
      return valid_store_scope(scope);
  }
  return true;
}

std::vector<std::string> scope_namespaces(PolicyScopeKind kind, const std::string& identity) {
  if (identity.empty()) return {};
  switch (kind) {
    case PolicyScopeKind::registry:
    case PolicyScopeKind::name_or_id:
      return registry_namespaces(identity);
    case PolicyScopeKind::path:
      return path_namespaces(identity);
    case PolicyScopeKind::store:
      return store_namespaces(identity);
    case PolicyScopeKind::opaque:
    case PolicyScopeKind::none:
      return {};
  }
  return {};
}

}  // namespace ferry::policy
