#include <ferry/core/error.hpp>
#include <ferry/core/policy.hpp>

#include <nlohmann/json.hpp>

#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ferry {
namespace {

using nlohmann::json;

PolicyRequirements parse_requirements(const json& j, const std::string& where, const std::string& origin) {
  if (!j.is_array()) fail(FERRY_E_INVALID_ARGUMENT, "policy " + origin + ": " + where + " must be an array");
  PolicyRequirements out;
  for (const auto& r : j) {
    if (!r.is_object() || !r.contains("type") || !r["type"].is_string())
      fail(FERRY_E_INVALID_ARGUMENT,
           "policy " + origin + ": every requirement in " + where + " needs a \"type\"");
    std::string type = r["type"];
    if (type != "insecureAcceptAnything" && type != "reject" && type != "signedBy" &&
        type != "sigstoreSigned")
      fail(FERRY_E_INVALID_ARGUMENT,
           "policy " + origin + ": unknown policy requirement type \"" + type + "\"");
    out.push_back({type});
  }
  return out;
}

// Scopes to try for an image, most specific first, then "" (the transport's
// default). Path scopes shorten by directory; registry scopes drop the tag or
// digest, then path components.
std::vector<std::string> candidate_scopes(const std::string& scope) {
  std::vector<std::string> out;
  if (scope.empty()) return {""};
  std::string s = scope;
  out.push_back(s);
  if (s[0] != '/') {
    auto slash = s.rfind('/');
    auto cut = s.find_first_of("@", slash == std::string::npos ? 0 : slash);
    if (cut == std::string::npos) cut = s.find(':', slash == std::string::npos ? 0 : slash);
    if (cut != std::string::npos) {
      s = s.substr(0, cut);
      out.push_back(s);
    }
  }
  for (auto slash = s.rfind('/'); slash != std::string::npos && slash > 0; slash = s.rfind('/')) {
    s = s.substr(0, slash);
    out.push_back(s);
  }
  out.push_back("");
  return out;
}

}  // namespace

Policy Policy::accept_anything() {
  Policy p;
  p.default_ = {{"insecureAcceptAnything"}};
  return p;
}

Policy Policy::parse(const std::string& text, const std::string& origin) {
  const json j = json_input::parse<json>(text, json_input::limits::policy_file, "policy file " + origin);
  if (!j.is_object()) fail(FERRY_E_INVALID_ARGUMENT, "invalid policy in " + origin + ": not a JSON object");
  Policy p;
  for (const auto& [key, value] : j.items()) {
    if (key == "default") {
      p.default_ = parse_requirements(value, "default", origin);
    } else if (key == "transports") {
      if (!value.is_object())
        fail(FERRY_E_INVALID_ARGUMENT, "policy " + origin + ": transports must be an object");
      for (const auto& [transport, scopes] : value.items()) {
        if (!scopes.is_object())
          fail(FERRY_E_INVALID_ARGUMENT,
               "policy " + origin + ": transports." + transport + " must be an object");
        for (const auto& [scope, reqs] : scopes.items())
          p.transports_[transport][scope] =
              parse_requirements(reqs, "transports." + transport + "[\"" + scope + "\"]", origin);
      }
    } else {
      fail(FERRY_E_INVALID_ARGUMENT, "policy " + origin + ": unknown field \"" + key + "\"");
    }
  }
  if (!j.contains("default"))
    fail(FERRY_E_INVALID_ARGUMENT, "policy " + origin + ": Default policy is missing");
  return p;
}

Policy Policy::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) fail(FERRY_E_IO, "cannot read policy file " + file.string());
  std::error_code ec;
  if (std::filesystem::file_size(file, ec) > json_input::limits::policy_file.max_bytes && !ec) {
    const auto e = json_input::too_large("policy file " + file.string(), json_input::limits::policy_file);
    fail(e.code(), e.what());
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), file.string());
}

Policy Policy::load_default(const std::string& explicit_path) {
  if (!explicit_path.empty()) return load(explicit_path);
  if (const char* home = std::getenv("HOME")) {
    std::filesystem::path user = std::filesystem::path(home) / ".config/containers/policy.json";
    if (std::filesystem::exists(user)) return load(user);
  }
  const std::filesystem::path system = "/etc/containers/policy.json";
  if (std::filesystem::exists(system)) return load(system);
  fail(FERRY_E_IO,
       "no policy.json found ($HOME/.config/containers/policy.json, "
       "/etc/containers/policy.json); use --policy or --insecure-policy");
}

const PolicyRequirements& Policy::requirements_for(const std::string& transport,
                                                   const std::string& scope) const {
  auto t = transports_.find(transport);
  if (t != transports_.end())
    for (const auto& s : candidate_scopes(scope))
      if (auto it = t->second.find(s); it != t->second.end()) return it->second;
  return default_;
}

void Policy::check(const ImageReference& ref) const {
  const std::string transport = ref.transport().name();
  const auto& reqs = requirements_for(transport, ref.policy_scope().value_or(""));
  if (reqs.empty())
    fail(FERRY_E_UNAUTHORIZED,
         "Source image rejected: the policy for " + ref.full_name() + " has no requirements");
  for (const auto& r : reqs) {
    if (r.type == "insecureAcceptAnything") continue;
    if (r.type == "reject")
      fail(FERRY_E_UNAUTHORIZED,
           "Source image rejected: Running image " + ref.full_name() + " is rejected by policy.");
    fail(FERRY_E_NOT_SUPPORTED, "Source image rejected: the policy requires a \"" + r.type +
                                    "\" signature check for " + ref.full_name() +
                                    ", which this ferry cannot verify yet");
  }
}

}  // namespace ferry
