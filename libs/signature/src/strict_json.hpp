// Reading untrusted JSON objects as containers/image's paranoid decoder does:
// every key known, none repeated, nothing after the document, each error one
// line in its words ("Unknown key \"x\"", "Duplicate key \"x\"", "Key \"x\"
// missing in a JSON object").
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace ferry::signature::strict_json {

// Parses `text` (bounded in size and depth), refusing duplicate keys anywhere.
// Syntax errors are json_input's words.
// Throws sdk::Error(FERRY_E_INVALID_ARGUMENT).
nlohmann::json parse(std::string_view text, const std::string& document);

// `value` must be an object with exactly `keys`.
void expect_exact_keys(const nlohmann::json& value, std::initializer_list<std::string_view> keys);

// The string at `value[key]`; `field` names it in the error.
std::string string_field(const nlohmann::json& value, const char* key, std::string_view field);

[[noreturn]] void invalid(const std::string& message);

}  // namespace ferry::signature::strict_json
