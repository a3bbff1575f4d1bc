#include "pem.hpp"

#include <ferry/base64.hpp>

namespace ferry::signature::pem {

std::optional<Block> decode(std::string_view text) {
  constexpr std::string_view begin = "-----BEGIN ", dashes = "-----";
  for (size_t at = text.find(begin); at != std::string_view::npos; at = text.find(begin, at + 1)) {
    const size_t type_start = at + begin.size();
    const size_t type_end = text.find(dashes, type_start);
    if (type_end == std::string_view::npos) return std::nullopt;
    const std::string type(text.substr(type_start, type_end - type_start));
    if (type.find('\n') != std::string::npos) continue;
    const std::string end = "-----END " + type + "-----";
    const size_t body_start = type_end + dashes.size();
    const size_t body_end = text.find(end, body_start);
    if (body_end == std::string_view::npos) continue;
    std::string body;
    for (char c : text.substr(body_start, body_end - body_start))
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') body += c;
    auto bytes = base64::decode(body);
    if (!bytes) continue;
    return Block{.type = type, .bytes = std::move(*bytes)};
  }
  return std::nullopt;
}

std::string encode(const Block& block) {
  const std::string body = base64::encode(block.bytes);
  std::string out = "-----BEGIN " + block.type + "-----\n";
  for (size_t i = 0; i < body.size(); i += 64) out += body.substr(i, 64) + "\n";
  return out + "-----END " + block.type + "-----\n";
}

}  // namespace ferry::signature::pem
