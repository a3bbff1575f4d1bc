#include "registry_errors.hpp"

#include "retry_policy.hpp"

#include <ferry/json_input/parse.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace ferry::plugins::docker {

namespace {

using nlohmann::json;

// The body's "errors" list, or an empty list: the body only adds words to an
// error the status already decides, so a body that is not what the spec says
// is ignored rather than reported.
json error_list(const std::string& body) {
  json j;
  try {
    j = json_input::parse(body, json_input::limits::registry_error, "the registry's error answer");
  } catch (const json_input::Error&) {
    return json::array();
  }
  auto errors = j.is_object() ? j.find("errors") : j.end();
  return errors != j.end() && errors->is_array() ? std::move(*errors) : json::array();
}

// A member that is a string, or "" (absent, null, or another type).
std::string string_member(const json& e, const char* key) {
  auto it = e.find(key);
  return it != e.end() && it->is_string() ? it->get<std::string>() : "";
}

// "manifest unknown; blob unknown to registry" from {"errors":[{"code","message"}]}.
std::string messages(const std::string& body) {
  std::string out;
  for (const auto& e : error_list(body)) {
    if (!e.is_object()) continue;
    std::string m = string_member(e, "message");
    if (m.empty()) {
      m = string_member(e, "code");
      std::replace(m.begin(), m.end(), '_', ' ');
      std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
    }
    if (!m.empty()) out += (out.empty() ? "" : "; ") + m;
  }
  return out;
}

}  // namespace

std::string error_code(const std::string& body) {
  json errors = error_list(body);
  return errors.empty() || !errors[0].is_object() ? "" : string_member(errors[0], "code");
}

sdk::Error registry_error(const std::string& what, int status, const std::string& reason,
                          const std::string& body) {
  std::string detail = messages(body);
  std::string http = "HTTP " + std::to_string(status) + (reason.empty() ? "" : " " + reason);
  switch (status) {
    case 404:
      return sdk::Error(FERRY_E_NOT_FOUND,
                        what + ": " + (detail.empty() ? "not found (" + http + ")" : detail));
    case 401:
      return sdk::Error(FERRY_E_UNAUTHORIZED, what + ": authentication required");
    case 403:
      return sdk::Error(FERRY_E_UNAUTHORIZED, what + ": requested access to the resource is denied");
    case 405:
      return sdk::Error(FERRY_E_NOT_SUPPORTED,
                        what + ": the registry does not allow this operation (" + http + ")");
    default:
      break;
  }
  if (retryable_status(status))
    return sdk::Error(FERRY_E_RETRYABLE, what + ": " + http + (detail.empty() ? "" : ": " + detail));
  return sdk::Error(FERRY_E_IO, what + ": unexpected " + http + (detail.empty() ? "" : ": " + detail));
}

}  // namespace ferry::plugins::docker
