#include "config/policy/policy_json.hpp"

#include <algorithm>
#include <cctype>
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

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Go's base64.StdEncoding.Decode: padded, newlines ignored; an error names the
// offset of the first byte that cannot be.
std::string decode_base64(const std::string& in) {
  auto illegal = [](size_t at) -> FormatError {
    return FormatError("illegal base64 data at input byte " + std::to_string(at));
  };
  std::string out;
  unsigned quantum[4];
  size_t filled = 0, i = 0;
  while (i < in.size()) {
    const char c = in[i];
    if (c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c == '=') {
      // Padding ends the data: "xx==" or "xxx=", then nothing but newlines.
      if (filled < 2) throw illegal(i);
      size_t j = i + 1;
      if (filled == 2) {
        while (j < in.size() && (in[j] == '\r' || in[j] == '\n')) ++j;
        if (j >= in.size() || in[j] != '=') throw illegal(j >= in.size() ? in.size() : j);
        ++j;
      }
      while (j < in.size() && (in[j] == '\r' || in[j] == '\n')) ++j;
      if (j < in.size()) throw illegal(j);
      out.push_back(static_cast<char>(quantum[0] << 2 | quantum[1] >> 4));
      if (filled == 3) out.push_back(static_cast<char>((quantum[1] & 0xf) << 4 | quantum[2] >> 2));
      return out;
    }
    const int v = base64_value(c);
    if (v < 0) throw illegal(i);
    quantum[filled++] = static_cast<unsigned>(v);
    if (filled == 4) {
      out.push_back(static_cast<char>(quantum[0] << 2 | quantum[1] >> 4));
      out.push_back(static_cast<char>((quantum[1] & 0xf) << 4 | quantum[2] >> 2));
      out.push_back(static_cast<char>((quantum[2] & 0x3) << 6 | quantum[3]));
      filled = 0;
    }
    ++i;
  }
  if (filled != 0) throw illegal(in.size());
  return out;
}

}  // namespace

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
  if (!value.is_string()) cannot_unmarshal(value, "[]uint8");
  return decode_base64(value.get<std::string>());
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
