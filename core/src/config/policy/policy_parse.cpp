// policy.json as containers/image's Policy.UnmarshalJSON reads it: members in
// document order, the first problem reported; a scope the transport cannot
// have is an unknown key; transports nobody knows are kept unchecked.
#include "config/policy/policy_json.hpp"
#include "config/policy/policy_requirement_parse.hpp"
#include "config/policy/policy_scopes.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/policy.hpp>
#include <ferry/json_input/parse.hpp>

namespace ferry {
namespace {

using policy::FormatError;
using policy::Json;

PolicyRequirements parse_requirements(const Json& value) {
  // null reads as an empty list.
  if (!value.is_null() && !value.is_array())
    throw FormatError("json: cannot unmarshal " + policy::go_kind(value) +
                      " into Go value of type []json.RawMessage");
  if (value.empty()) throw FormatError("List of verification policy requirements must not be empty");
  PolicyRequirements out;
  for (const auto& r : value) out.push_back(policy::parse_requirement(r));
  return out;
}

std::map<std::string, PolicyRequirements> parse_scopes(const Json& value, const PolicyScopeKind* kind) {
  std::map<std::string, PolicyRequirements> out;
  policy::members(value, [&](const std::string& scope, const Json& reqs) {
    if (kind && !policy::valid_scope(*kind, scope)) return false;
    out[scope] = parse_requirements(reqs);
    return true;
  });
  return out;
}

}  // namespace

Policy Policy::accept_anything() {
  PolicyRequirement accept;
  accept.type = "insecureAcceptAnything";
  Policy p;
  p.default_ = {accept};
  return p;
}

Policy Policy::parse(std::string_view text, const std::string& origin, const PolicyScopeKinds& kinds) {
  const std::string prefix = "invalid policy in \"" + origin + "\": ";
  Policy p;
  try {
    const Json doc = json_input::parse<Json>(text, json_input::limits::policy_file, "the document",
                                             json_input::DuplicateKeys::refuse);
    bool has_default = false;
    policy::members(doc, [&](const std::string& key, const Json& value) {
      if (key == "default") {
        p.default_ = parse_requirements(value);
        has_default = true;
      } else if (key == "transports") {
        policy::members(value, [&](const std::string& transport, const Json& scopes) {
          auto k = kinds.find(transport);
          p.transports_[transport] = parse_scopes(scopes, k == kinds.end() ? nullptr : &k->second);
          return true;
        });
      } else {
        return false;
      }
      return true;
    });
    if (!has_default) throw FormatError("Default policy is missing");
  } catch (const json_input::DuplicateKey& e) {
    fail(FERRY_E_INVALID_ARGUMENT, prefix + "Duplicate key \"" + e.key() + "\"");
  } catch (const json_input::Error& e) {
    // Valid JSON followed by more is worded as Go's decoder words it.
    const bool ends_early =
        std::string_view(e.what()).find("expected end of input") != std::string_view::npos;
    if (auto trailing = ends_early ? policy::trailing_data(text) : std::nullopt)
      fail(FERRY_E_INVALID_ARGUMENT, prefix + *trailing);
    fail(FERRY_E_INVALID_ARGUMENT, prefix + e.what());
  } catch (const FormatError& e) {
    fail(FERRY_E_INVALID_ARGUMENT, prefix + e.what());
  }
  return p;
}

}  // namespace ferry
