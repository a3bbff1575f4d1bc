#include "ferry/oci_layout/digest.hpp"

#include <ferry/plugin.hpp>

namespace ferry::oci_layout {

namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// OCI image-spec: algorithm-component ([a-z0-9]+) joined by [+._-].
bool valid_algorithm(std::string_view a) {
  if (a.empty() || !is_lower_alnum(a.front()) || !is_lower_alnum(a.back())) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (is_lower_alnum(c)) continue;
    bool sep = c == '+' || c == '.' || c == '_' || c == '-';
    if (!sep || !is_lower_alnum(a[i + 1])) return false;
  }
  return true;
}

// OCI allows [a-zA-Z0-9=_-] in the encoded part; none of them can form a path.
bool valid_encoded(std::string_view e) {
  if (e.empty()) return false;
  for (char c : e) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '=' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool lower_hex(std::string_view e, size_t len) {
  if (e.size() != len) return false;
  for (char c : e)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

Digest parse_digest(std::string_view text, std::string_view where) {
  auto fail = [&](const std::string& why) -> Digest {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "invalid digest \"" + std::string(text) + "\" in " + std::string(where) +
                         ": " + why);
  };
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return fail("expected algorithm:hex");
  Digest d{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
  if (!valid_algorithm(d.algorithm)) return fail("bad algorithm name");
  if (!valid_encoded(d.encoded)) return fail("bad characters after the algorithm");
  if (d.algorithm == "sha256" && !lower_hex(d.encoded, 64))
    return fail("sha256 needs 64 lower-case hex digits");
  if (d.algorithm == "sha512" && !lower_hex(d.encoded, 128))
    return fail("sha512 needs 128 lower-case hex digits");
  return d;
}

}  // namespace ferry::oci_layout
