#include "ferry/go_json/go_json.hpp"

#include <cstdint>
#include <cstdio>

namespace ferry::go_json {
namespace {

// Length of the valid UTF-8 sequence at `s[i]`, or 0 when it is not one.
size_t utf8_length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t c = b(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (b(i + k) & 0x3f);
  }
  const bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

void append_u(std::string& out, unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", v);
  out += buf;
}

}  // namespace

std::string string(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<uint8_t>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '<':
        case '>':
        case '&':
          append_u(out, c);
          break;
        default:
          if (c < 0x20)
            append_u(out, c);
          else
            out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const size_t n = utf8_length(text, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    const std::string_view seq = text.substr(i, n);
    if (seq == "\xe2\x80\xa8")
      append_u(out, 0x2028);
    else if (seq == "\xe2\x80\xa9")
      append_u(out, 0x2029);
    else
      out += seq;
    i += n;
  }
  out += '"';
  return out;
}

std::string marshal(const nlohmann::ordered_json& value) {
  using type = nlohmann::json::value_t;
  switch (value.type()) {
    case type::object: {
      std::string out = "{";
      for (const auto& [key, member] : value.items()) {
        if (out.size() > 1) out += ',';
        out += string(key) + ':' + marshal(member);
      }
      return out + '}';
    }
    case type::array: {
      std::string out = "[";
      for (const auto& item : value) {
        if (out.size() > 1) out += ',';
        out += marshal(item);
      }
      return out + ']';
    }
    case type::string:
      return string(value.get_ref<const std::string&>());
    default:
      return value.dump();  // numbers, booleans, null: written alike
  }
}

std::string printable(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) {
      const std::string quoted = string(text);
      return quoted.substr(1, quoted.size() - 2);
    }
  return std::string(text);
}

}  // namespace ferry::go_json
