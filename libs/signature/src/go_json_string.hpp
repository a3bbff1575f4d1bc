// A JSON string exactly as Go's encoding/json writes it: HTML-safe (<, >, &
// as \u003c, \u003e, \u0026), U+2028/U+2029 escaped, invalid UTF-8 as U+FFFD.
// Signature payloads are compared byte for byte with what skopeo writes.
#pragma once

#include <string>
#include <string_view>

namespace ferry::signature {

std::string go_json_string(std::string_view text);

// `text` as it is when it holds no control bytes; otherwise escaped as in a
// JSON string (without the quotes), so that it is safe in a message.
std::string printable(std::string_view text);

}  // namespace ferry::signature
