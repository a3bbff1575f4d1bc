// JSON text exactly as Go's encoding/json writes it, for bytes that must equal
// what skopeo writes for the same input: strings HTML-safe (<, >, & as \u003c,
// \u003e, \u0026), U+2028/U+2029 escaped, invalid UTF-8 as U+FFFD.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ferry::go_json {

// A quoted JSON string.
std::string string(std::string_view text);

// json.Marshal of a decoded value: compact, members in the given order.
std::string marshal(const nlohmann::ordered_json& value);

// `text` as it is when it holds no control bytes; otherwise escaped as in a
// JSON string (without the quotes), so that it is safe in a message.
std::string printable(std::string_view text);

}  // namespace ferry::go_json
