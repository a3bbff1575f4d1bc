#include "registry_errors.hpp"

#include "retry_policy.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ferry::plugins::docker {

namespace {

// "manifest unknown; blob unknown to registry" from {"errors":[{"code","message"}]}.
std::string messages(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  std::string out;
  if (!j.is_object() || !j.contains("errors") || !j["errors"].is_array()) return out;
  for (const auto& e : j["errors"]) {
    if (!e.is_object()) continue;
    std::string m = e.value("message", "");
    if (m.empty()) {
      m = e.value("code", "");
      std::replace(m.begin(), m.end(), '_', ' ');
      std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
    }
    if (!m.empty()) out += (out.empty() ? "" : "; ") + m;
  }
  return out;
}

}  // namespace

std::string error_code(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("errors") || !j["errors"].is_array() || j["errors"].empty() ||
      !j["errors"][0].is_object())
    return "";
  return j["errors"][0].value("code", "");
}

sdk::Error registry_error(const std::string& what, int status, const std::string& reason, const std::string& body) {
  std::string detail = messages(body);
  std::string http = "HTTP " + std::to_string(status) + (reason.empty() ? "" : " " + reason);
  switch (status) {
    case 404:
      return sdk::Error(FERRY_E_NOT_FOUND, what + ": " + (detail.empty() ? "not found (" + http + ")" : detail));
    case 401:
      return sdk::Error(FERRY_E_UNAUTHORIZED, what + ": authentication required");
    case 403:
      return sdk::Error(FERRY_E_UNAUTHORIZED, what + ": requested access to the resource is denied");
    case 405:
      return sdk::Error(FERRY_E_NOT_SUPPORTED, what + ": the registry does not allow this operation (" + http + ")");
    default:
      break;
  }
  if (retryable_status(status))
    return sdk::Error(FERRY_E_RETRYABLE, what + ": " + http + (detail.empty() ? "" : ": " + detail));
  return sdk::Error(FERRY_E_IO, what + ": unexpected " + http + (detail.empty() ? "" : ": " + detail));
}

}  // namespace ferry::plugins::docker
