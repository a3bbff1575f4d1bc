// Reading policy.json the way containers/image's "paranoid" JSON reader does,
// with its error texts: every object member must be expected, values must have
// the Go type of their field, and null reads as the field's zero value.
// (Duplicate keys are refused while the document is parsed.)
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::policy {

using Json = nlohmann::ordered_json;

// Why a policy is invalid, without the `invalid policy in "<file>": ` prefix.
struct FormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Each member in document order; `on_member` returns false for a key it does
// not expect, which is `Unknown key "<key>"`. Not an object:
// `JSON object expected, got "<token>"`.
void members(const Json& object, const std::function<bool(const std::string&, const Json&)>& on_member);

// The same, for objects whose members are exactly `keys` (in the order they
// are reported missing): `Key "<key>" missing in a JSON object`.
void exact_members(const Json& object, const std::vector<std::string>& keys,
                   const std::function<void(const std::string&, const Json&)>& on_member);

// A Go string field ("" for null). Another type:
// `json: cannot unmarshal number into Go value of type <go_type>`.
std::string string_value(const Json& value, const char* go_type = "string");
// A Go []string field (nullopt for null).
std::optional<std::vector<std::string>> strings_value(const Json& value);
// A Go []byte field: standard base64 in a string (nullopt for null).
std::optional<std::string> bytes_value(const Json& value);

// Go's `invalid character 'x' after top-level value` when `text` is an object
// or array followed by more than white space; nullopt otherwise.
std::optional<std::string> trailing_data(std::string_view text);

// Go's name for the kind of a JSON value in type errors: "number", "object", ….
std::string go_kind(const Json& value);

// The "type" member as Go's lenient struct decoding finds it (case-insensitive
// key, other members ignored): "" when absent or null.
std::string lenient_type(const Json& value, const char* go_struct, const char* go_type);

}  // namespace ferry::policy
