#include "ferry/oci_layout/layout_name.hpp"

#include <ferry/plugin.hpp>

#include <charconv>

namespace ferry::oci_layout {

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool is_separator(char c) { return c == '-' || c == '.' || c == '_' || c == ':' || c == '@' || c == '+'; }

// alphanum (separator alphanum)*, where separator is one of [-._:@+] or "--".
bool valid_component(std::string_view c) {
  size_t i = 0;
  auto alnum_run = [&] {
    size_t start = i;
    while (i < c.size() && is_alnum(c[i])) ++i;
    return i > start;
  };
  if (!alnum_run()) return false;
  while (i < c.size()) {
    if (c.compare(i, 2, "--") == 0)
      i += 2;
    else if (is_separator(c[i]))
      ++i;
    else
      return false;
    if (!alnum_run()) return false;
  }
  return true;
}

}  // namespace

bool valid_ref_name(std::string_view ref) {
  if (ref.empty()) return false;
  size_t start = 0;
  for (;;) {
    size_t slash = ref.find('/', start);
    std::string_view part = ref.substr(start, slash == std::string_view::npos ? ref.npos : slash - start);
    if (!valid_component(part)) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

std::string LayoutName::to_string() const {
  if (index) return path + ":@" + std::to_string(*index);
  return ref.empty() ? path : path + ":" + ref;
}

LayoutName parse_layout_name(std::string_view text, std::string_view transport, bool allow_index) {
  auto fail = [&](const std::string& why) -> LayoutName {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "invalid " + std::string(transport) + " reference \"" +
                                                   std::string(text) + "\": " + why);
  };
  LayoutName n;
  size_t colon = text.find(':');
  n.path = std::string(text.substr(0, colon));
  if (n.path.empty()) return fail("the path is empty");
  if (colon == std::string_view::npos) return n;

  std::string_view rest = text.substr(colon + 1);
  if (!rest.empty() && rest.front() == '@') {
    if (!allow_index) return fail("an @index is not supported by this transport");
    std::string_view digits = rest.substr(1);
    size_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
      return fail("the source index \"" + std::string(rest) +
                  "\" must be @ followed by a non-negative integer (a reference and an index "
                  "cannot be combined)");
    n.index = value;
    return n;
  }
  if (rest.empty()) return n;  // "path:" means no reference, as in the containers tools
  if (!valid_ref_name(rest))
    return fail("\"" + std::string(rest) +
                "\" is not a valid image reference name (alphanumeric components separated by "
                "one of -._:@+ or --, joined by /)");
  n.ref = std::string(rest);
  return n;
}

}  // namespace ferry::oci_layout
