#include "engine_answers.hpp"

#include <ferry/json_input/parse.hpp>
#include <nlohmann/json.hpp>

namespace ferry::plugins::docker_daemon {

namespace {

// One of the daemon's JSON answers, or discarded when it is not JSON within
// the limits for engine answers (the callers then fall back to its text).
nlohmann::json parse_answer(std::string_view text) {
  try {
    return json_input::parse(text, json_input::limits::engine_answer, "the docker engine's answer");
  } catch (const json_input::Error&) {
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
}

// The first error in docker load's JSON message stream, if any.
std::string load_stream_error(const std::string& body) {
  size_t start = 0;
  while (start < body.size()) {
    size_t nl = body.find('\n', start);
    if (nl == std::string::npos) nl = body.size();
    auto j = parse_answer(std::string_view(body).substr(start, nl - start));
    start = nl + 1;
    if (!j.is_object()) continue;
    if (j.contains("errorDetail") && j["errorDetail"].is_object() && j["errorDetail"].contains("message")) {
      const auto& m = j["errorDetail"]["message"];
      return m.is_string() ? m.get<std::string>() : m.dump();
    }
    if (j.contains("error"))
      return j["error"].is_string() ? j["error"].get<std::string>() : j["error"].dump();
  }
  return "";
}

}  // namespace

std::string error_message(const std::string& body) {
  auto j = parse_answer(body);
  if (j.is_object() && j.contains("message") && j["message"].is_string())
    return j["message"].get<std::string>();
  std::string s = body;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s.empty() ? "(no message)" : s;
}

ferry_status status_code(int http) {
  if (http == 404) return FERRY_E_NOT_FOUND;
  if (http == 401 || http == 403) return FERRY_E_UNAUTHORIZED;
  if (http == 400) return FERRY_E_INVALID_ARGUMENT;
  return FERRY_E_IO;
}

void check_load_answer(const HttpResponse& r, const std::string& body, const std::string& daemon_label) {
  if (r.status != 200)
    throw sdk::Error(status_code(r.status) == FERRY_E_NOT_FOUND ? FERRY_E_IO : status_code(r.status),
                     "docker daemon at " + daemon_label + " refused to load the image (HTTP " +
                         std::to_string(r.status) + "): " + error_message(body));
  if (std::string err = load_stream_error(body); !err.empty())
    throw sdk::Error(FERRY_E_IO, "docker daemon at " + daemon_label + " failed to load the image: " + err);
}

}  // namespace ferry::plugins::docker_daemon
