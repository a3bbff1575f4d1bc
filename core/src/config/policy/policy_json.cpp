#include "config/policy/policy_json.hpp"

#include <ferry/base64.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

namespace ferry::policy {
namespace {

[[noreturn]] void cannot_unmarshal(const Json& value, const std::string& go_type) {
  throw FormatError("json: cannot unmarshal " + go_kind(value) + " into Go value of type " + go_type);
}

// How Go's %s prints the first token of a value that should have been an object.
std::string token_text(const Json& value) {
  switch (value.type()) {
    case Json::value_t::array:
      return "[";
    case Json::value_t::string:
      return value.get<std::string>();
    case Json::value_t::null:
      return "%!s(<nil>)";
    case Json::value_t::boolean:
      return std::string("%!s(bool=") + (value.get<bool>() ? "true" : "false") + ")";
    default:
      return "%!s(float64=" + value.dump() + ")";
  }
}

bool json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::optional<std::string> trailing_data(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && json_space(text[i])) ++i;
  if (i == text.size() || (text[i] != '{' && text[i] != '[')) return std::nullopt;
  // The end of the top-level value: brackets balance outside strings.
  size_t depth = 0;
  bool in_string = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      break;
    }
  }
  for (++i; i < text.size(); ++i) {
    if (json_space(text[i])) continue;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    std::string shown;
    if (c == '\'')
      shown = "'\\''";
    else if (c >= 0x20 && c < 0x7f)
      shown = std::string("'") + static_cast<char>(c) + "'";
    else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "'\\x%02x'", c);
      shown = hex;
    }
    return "invalid character " + shown + " after top-level value";
  }
  return std::nullopt;
}

std::string go_kind(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "bool";
    case Json::value_t::null:
      return "null";
    default:
      return "number";
  }
}

void members(const Json& object, const std::function<bool(const std::string&, const Json&)>& on_member) {
  if (!object.is_object()) throw FormatError("JSON object expected, got \"" + token_text(object) + "\"");
  for (const auto& [key, value] : object.items())
    if (!on_member(key, value)) throw FormatError("Unknown key \"" + key + "\"");
}

void exact_members(const Json& object, const std::vector<std::string>& keys,
                   const std::function<void(const std::string&, const Json&)>& on_member) {
  std::set<std::string> seen;
  members(object, [&](const std::string& key, const Json& value) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) return false;
    seen.insert(key);
    on_member(key, value);
    return true;
  });
  for (const auto& key : keys)
    if (!seen.count(key)) throw FormatError("Key \"" + key + "\" missing in a JSON object");
}

std::string string_value(const Json& value, const char* go_type) {
  if (value.is_null()) return "";
  if (!value.is_string()) cannot_unmarshal(value, go_type);
  return value.get<std::string>();
}

std::optional<std::vector<std::string>> strings_value(const Json& value) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_array()) cannot_unmarshal(value, "[]string");
  std::vector<std::string> out;
  for (const auto& item : value) out.push_back(string_value(item));
  return out;
}

std::optional<std::string> bytes_value(const Json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_array()) {
    // Go also reads []byte from an array of numbers.
    std::string bytes;
    for (const auto& item : value) {
      if (item.is_null()) {
        bytes.push_back('\0');
        continue;
      }
      if (!item.is_number_unsigned() || item.get<uint64_t>() > 255) {
        if (!item.is_number()) cannot_unmarshal(item, "uint8");
        throw FormatError("json: cannot unmarshal number " + item.dump() + " into Go value of type uint8");
      }
      bytes.push_back(static_cast<char>(item.get<uint64_t>()));
    }
    return bytes;
  }
  if (!value.is_string()) cannot_unmarshal(value, "[]uint8");
  // Go's decoder skips line breaks; anything else must be canonical padded base64.
  std::string text = value.get<std::string>();
  std::erase_if(text, [](char c) { return c == '\r' || c == '\n'; });
  size_t bad = 0;
  auto bytes = base64::decode(text, &bad);
  if (!bytes) throw FormatError("illegal base64 data at input byte " + std::to_string(bad));
  return *bytes;
}

std::string lenient_type(const Json& value, const char* go_struct, const char* go_type) {
  if (value.is_null()) return "";
  if (!value.is_object()) cannot_unmarshal(value, std::string("signature.") + go_struct);
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  // Go's decoder assigns every member whose name matches case-insensitively: the last one wins.
  const Json* found = nullptr;
  for (const auto& [key, member] : value.items())
    if (lower(key) == "type") found = &member;
  if (!found || found->is_null()) return "";
  if (!found->is_string())
    throw FormatError("json: cannot unmarshal " + go_kind(*found) + " into Go struct field " + go_struct +
                      ".type of type signature." + go_type);
  return found->get<std::string>();
}

}  // namespace ferry::policy
