#include "errors.hpp"

#include <cstdio>
#include <cstring>

namespace ferry::layer_unpack::detail {

std::string quoted(std::string_view name) {
  constexpr size_t shown = 200;  // a 4 KiB name would drown the message
  std::string out = "\"";
  for (size_t i = 0; i < name.size() && i < shown; ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      out += esc;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (name.size() > shown) out += "...";
  return out + "\"";
}

void fail(ferry_status code, std::string_view entry, const std::string& what) {
  throw sdk::Error(code, "layer entry " + quoted(entry) + ": " + what);
}

void fail_errno(std::string_view entry, const std::string& what, int err) {
  fail(FERRY_E_IO, entry, what + ": " + std::strerror(err));
}

}  // namespace ferry::layer_unpack::detail
