// Versions as Masterminds/semver's NewVersion reads them (its "coerce" mode,
// the default): the loose grammar
//   v? N (.N)? (.N)? (-ID(.ID)*)? (+ID(.ID)*)?   N = [0-9]+, ID = [0-9A-Za-z-]+
// then numbers that fit uint64 and no numeric prerelease identifier with a
// leading zero. Parsed by hand: no regex engine, no recursion.
#include <ferry/semver/semver.hpp>

#include "internal.hpp"

namespace ferry::semver {
namespace detail {

std::optional<uint64_t> parse_u64(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  uint64_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (n > (UINT64_MAX - d) / 10) return std::nullopt;
    n = n * 10 + d;
  }
  return n;
}

size_t identifiers_at(std::string_view s, size_t pos) {
  auto ident_char = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  };
  size_t end = pos, matched = 0;
  while (true) {
    size_t start = end;
    while (end < s.size() && ident_char(s[end])) ++end;
    if (end == start) return matched;
    matched = end - pos;
    if (end >= s.size() || s[end] != '.') return matched;
    ++end;
  }
}

namespace {

// One identifier of a prerelease; Go's strconv.ParseUint decides what is
// numeric, so a number too big for uint64 compares as text.
int compare_identifier(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  // A missing identifier (the shorter list) sorts first.
  if (a.empty()) return -1;
  if (b.empty()) return 1;
  auto na = parse_u64(a);
  auto nb = parse_u64(b);
  if (na && nb) return *na > *nb ? 1 : -1;
  if (na) return -1;  // numbers before text
  if (nb) return 1;
  return a > b ? 1 : -1;  // ASCII order
}

// Next dot-separated field of `s` from `pos`; "" once past the end.
std::string_view next_field(std::string_view s, size_t& pos, bool& done) {
  if (done) return {};
  size_t dot = s.find('.', pos);
  std::string_view field = s.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
  if (dot == std::string_view::npos) {
    done = true;
  } else {
    pos = dot + 1;
  }
  return field;
}

}  // namespace

int compare_prerelease(std::string_view a, std::string_view b) {
  size_t pa = 0, pb = 0;
  bool da = false, db = false;
  while (!da || !db) {
    int d = compare_identifier(next_field(a, pa, da), next_field(b, pb, db));
    if (d != 0) return d;
  }
  return 0;
}

}  // namespace detail

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of [0-9]+ at `pos`.
size_t digits_at(std::string_view s, size_t pos) {
  size_t n = 0;
  while (pos + n < s.size() && is_digit(s[pos + n])) ++n;
  return n;
}

// No numeric identifier with a leading zero ("01"); text ones may ("0abc").
bool valid_prerelease(std::string_view pre) {
  size_t pos = 0;
  bool done = false;
  while (!done) {
    std::string_view id = detail::next_field(pre, pos, done);
    if (id.size() > 1 && id[0] == '0' && digits_at(id, 0) == id.size()) return false;
  }
  return true;
}

}  // namespace

std::optional<Version> parse_version(std::string_view text) {
  if (text.size() > kMaxVersionLength) return std::nullopt;
  size_t pos = 0;
  if (pos < text.size() && text[pos] == 'v') ++pos;  // only a lower-case v, as Masterminds

  uint64_t parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    size_t start = pos;
    if (i > 0) {
      // A '.' not followed by digits ends the numbers; the caller then fails
      // on the '.' as the regex would.
      if (pos >= text.size() || text[pos] != '.' || digits_at(text, pos + 1) == 0) break;
      start = pos + 1;
    }
    size_t n = digits_at(text, start);
    if (n == 0) return std::nullopt;  // no major
    auto value = detail::parse_u64(text.substr(start, n));
    if (!value) return std::nullopt;  // past uint64
    parts[i] = *value;
    pos = start + n;
  }

  Version v;
  v.major = parts[0];
  v.minor = parts[1];
  v.patch = parts[2];
  if (pos < text.size() && text[pos] == '-') {
    size_t n = detail::identifiers_at(text, pos + 1);
    if (n == 0) return std::nullopt;
    v.prerelease = std::string(text.substr(pos + 1, n));
    pos += 1 + n;
    if (!valid_prerelease(v.prerelease)) return std::nullopt;
  }
  if (pos < text.size() && text[pos] == '+') {
    size_t n = detail::identifiers_at(text, pos + 1);
    if (n == 0) return std::nullopt;
    v.metadata = std::string(text.substr(pos + 1, n));
    pos += 1 + n;
  }
  if (pos != text.size()) return std::nullopt;
  v.original = std::string(text);
  return v;
}

int compare(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  // A prerelease sorts before its release.
  if (a.prerelease.empty() && b.prerelease.empty()) return 0;
  if (a.prerelease.empty()) return 1;
  if (b.prerelease.empty()) return -1;
  return detail::compare_prerelease(a.prerelease, b.prerelease);
}

}  // namespace ferry::semver
