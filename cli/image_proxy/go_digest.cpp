#include "image_proxy/go_digest.hpp"

namespace ferry::cli::image_proxy {
namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// ^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$
bool looks_like_digest(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size()) return false;
  bool after_separator = true;
  for (char c : s.substr(0, colon)) {
    if (lower_alnum(c)) {
      after_separator = false;
    } else if (c == '.' || c == '+' || c == '_' || c == '-') {
      if (after_separator) return false;
      after_separator = true;
    } else {
      return false;
    }
  }
  if (after_separator) return false;
  for (char c : s.substr(colon + 1))
    if (!(lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '=' || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

std::optional<std::string> digest_parse_error(std::string_view text) {
  const std::string format = "invalid checksum digest format";
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return format;
  std::string_view algorithm = text.substr(0, colon), encoded = text.substr(colon + 1);
  size_t hex_length = algorithm == "sha256" ? 64 : algorithm == "sha512" ? 128 : 0;
  if (hex_length == 0) {
    if (!looks_like_digest(text)) return format;
    return std::string("unsupported digest algorithm");
  }
  if (encoded.size() != hex_length) return std::string("invalid checksum digest length");
  for (char c : encoded)
    if (!((c >= 'a' && c <= 'f') || (c >= '0' && c <= '9'))) return format;
  return std::nullopt;
}

}  // namespace ferry::cli::image_proxy
