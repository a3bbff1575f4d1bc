#include "link_header.hpp"

#include <cctype>

namespace ferry::plugins::docker {

namespace {

bool space(char c) { return c == ' ' || c == '\t'; }

// Whether the parameters of one link value (the text after its `>`, up to the
// comma that ends the value) contain rel=next or rel="... next ...". Advances
// `i` past them.
bool rel_is_next(std::string_view h, size_t& i) {
  bool next = false;
  while (i < h.size() && h[i] != ',') {
    if (h[i] != ';') {
      ++i;
      continue;
    }
    ++i;
    while (i < h.size() && space(h[i])) ++i;
    size_t name_start = i;
    while (i < h.size() && h[i] != '=' && h[i] != ';' && h[i] != ',') ++i;
    std::string_view name = h.substr(name_start, i - name_start);
    while (!name.empty() && space(name.back())) name.remove_suffix(1);
    if (i >= h.size() || h[i] != '=') continue;
    ++i;
    while (i < h.size() && space(h[i])) ++i;
    std::string_view value;
    if (i < h.size() && h[i] == '"') {
      size_t close = h.find('"', i + 1);
      if (close == std::string_view::npos) close = h.size();
      value = h.substr(i + 1, close - i - 1);
      i = close < h.size() ? close + 1 : close;
    } else {
      size_t start = i;
      while (i < h.size() && h[i] != ';' && h[i] != ',' && !space(h[i])) ++i;
      value = h.substr(start, i - start);
    }
    if (name.size() != 3 || std::tolower(static_cast<unsigned char>(name[0])) != 'r' ||
        std::tolower(static_cast<unsigned char>(name[1])) != 'e' ||
        std::tolower(static_cast<unsigned char>(name[2])) != 'l')
      continue;
    // rel may list several relation types separated by spaces.
    for (size_t w = 0; w < value.size();) {
      while (w < value.size() && space(value[w])) ++w;
      size_t end = w;
      while (end < value.size() && !space(value[end])) ++end;
      std::string_view word = value.substr(w, end - w);
      if (word.size() == 4 && std::tolower(static_cast<unsigned char>(word[0])) == 'n' &&
          std::tolower(static_cast<unsigned char>(word[1])) == 'e' &&
          std::tolower(static_cast<unsigned char>(word[2])) == 'x' &&
          std::tolower(static_cast<unsigned char>(word[3])) == 't')
        next = true;
      w = end;
    }
  }
  return next;
}

}  // namespace

std::optional<std::string> next_link(std::string_view h) {
  size_t i = 0;
  while (i < h.size()) {
    size_t open = h.find('<', i);
    if (open == std::string_view::npos) return std::nullopt;
    size_t close = h.find('>', open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    i = close + 1;
    if (rel_is_next(h, i)) return std::string(h.substr(open + 1, close - open - 1));
    if (i < h.size()) ++i;  // the comma between link values
  }
  return std::nullopt;
}

}  // namespace ferry::plugins::docker
