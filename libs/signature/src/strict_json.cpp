#include "strict_json.hpp"

#include <ferry/json_input/limits.hpp>
#include <ferry/plugin.hpp>

#include <set>
#include <vector>

namespace ferry::signature::strict_json {

void invalid(const std::string& message) { throw sdk::Error(FERRY_E_INVALID_ARGUMENT, message); }

nlohmann::json parse(std::string_view text, const std::string& document) {
  // A signature is small; 4 MiB is what containers/image allows one.
  constexpr size_t max_bytes = 4 * 1024 * 1024;
  if (text.size() > max_bytes) invalid(document + " is larger than 4 MiB");
  std::vector<std::set<std::string>> keys_seen;
  std::string duplicate;
  auto check = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (static_cast<size_t>(depth) > json_input::limits::max_depth)
      invalid(document + " is nested too deeply");
    if (event == E::object_start) keys_seen.emplace_back();
    if (event == E::object_end && !keys_seen.empty()) keys_seen.pop_back();
    if (event == E::key && !keys_seen.empty() && !keys_seen.back().insert(parsed.get<std::string>()).second &&
        duplicate.empty())
      duplicate = parsed.get<std::string>();
    return true;
  };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.begin(), text.end(), check);
  } catch (const nlohmann::json::exception&) {
    invalid(document + " is not valid JSON");
  }
  if (!duplicate.empty()) invalid("Duplicate key \"" + duplicate + "\"");
  return j;
}

void expect_exact_keys(const nlohmann::json& value, std::initializer_list<std::string_view> keys) {
  if (!value.is_object()) invalid("JSON object expected, got \"" + std::string(value.type_name()) + "\"");
  for (const auto& [key, _] : value.items()) {
    bool known = false;
    for (auto k : keys) known = known || k == key;
    if (!known) invalid("Unknown key \"" + key + "\"");
  }
  for (auto k : keys)
    if (!value.contains(k)) invalid("Key \"" + std::string(k) + "\" missing in a JSON object");
}

std::string string_field(const nlohmann::json& value, const char* key, std::string_view field) {
  const auto& v = value.at(key);
  if (!v.is_string()) invalid("Field " + std::string(field) + " is not a string");
  return v.get<std::string>();
}

}  // namespace ferry::signature::strict_json
