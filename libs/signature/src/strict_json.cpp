#include "strict_json.hpp"

#include <ferry/go_json/go_json.hpp>

#include <ferry/json_input/parse.hpp>
#include <ferry/plugin.hpp>

namespace ferry::signature::strict_json {

void invalid(const std::string& message) { throw sdk::Error(FERRY_E_INVALID_ARGUMENT, message); }

nlohmann::json parse(std::string_view text, const std::string& document) {
  try {
    return json_input::parse(text, json_input::limits::signature, document,
                             json_input::DuplicateKeys::refuse);
  } catch (const json_input::DuplicateKey& e) {
    invalid("Duplicate key " + go_json::string(e.key()));
  }
}

void expect_exact_keys(const nlohmann::json& value, std::initializer_list<std::string_view> keys) {
  if (!value.is_object()) invalid("JSON object expected, got \"" + std::string(value.type_name()) + "\"");
  for (const auto& [key, _] : value.items()) {
    bool known = false;
    for (auto k : keys) known = known || k == key;
    if (!known) invalid("Unknown key " + go_json::string(key));
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
