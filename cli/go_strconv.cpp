#include "go_strconv.hpp"

#include "app.hpp"
#include "log_line.hpp"

#include <cctype>
#include <limits>
#include <stdexcept>

namespace ferry::cli {
namespace {

[[noreturn]] void fail(const char* fn, const std::string& text, const char* why) {
  throw UsageError(std::string("strconv.") + fn + ": parsing \"" + go_quote(text) + "\": " + why);
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Go's underscoreOK: underscores only between digits (a base prefix counts as one).
bool underscores_ok(std::string s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s = s.substr(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i])) || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

enum class Failure { none, syntax, range };

// ParseUint(s, 0, 64) without its error text: the value, or why it failed.
Failure parse_unsigned(const std::string& s, uint64_t& n) {
  n = 0;
  if (s.empty()) return Failure::syntax;
  std::string digits = s;
  unsigned base = 10;
  if (s[0] == '0') {
    if (s.size() >= 3 && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
      base = lower(s[1]) == 'b' ? 2 : lower(s[1]) == 'o' ? 8 : 16;
      digits = s.substr(2);
    } else {
      base = 8;
      digits = s.substr(1);
    }
  }
  bool underscores = false;
  for (char c : digits) {
    unsigned d;
    if (c == '_') {
      underscores = true;
      continue;
    }
    if (c >= '0' && c <= '9')
      d = static_cast<unsigned>(c - '0');
    else if (lower(c) >= 'a' && lower(c) <= 'z')
      d = static_cast<unsigned>(lower(c) - 'a' + 10);
    else
      return Failure::syntax;
    if (d >= base) return Failure::syntax;
    if (n > (std::numeric_limits<uint64_t>::max() - d) / base) return Failure::range;
    n = n * base + d;
  }
  if (underscores && !underscores_ok(s)) return Failure::syntax;
  return Failure::none;
}

}  // namespace

uint64_t go_parse_uint(const std::string& text) {
  uint64_t n = 0;
  switch (parse_unsigned(text, n)) {
    case Failure::syntax:
      fail("ParseUint", text, "invalid syntax");
    case Failure::range:
      fail("ParseUint", text, "value out of range");
    case Failure::none:
      break;
  }
  return n;
}

int64_t go_parse_int(const std::string& text) {
  if (text.empty()) fail("ParseInt", text, "invalid syntax");
  const bool negative = text[0] == '-';
  const std::string magnitude = text[0] == '-' || text[0] == '+' ? text.substr(1) : text;
  uint64_t n = 0;
  const Failure failure = parse_unsigned(magnitude, n);
  if (failure == Failure::syntax) fail("ParseInt", text, "invalid syntax");
  const uint64_t limit = uint64_t{1} << 63;
  if (failure == Failure::range || (negative ? n > limit : n >= limit))
    fail("ParseInt", text, "value out of range");
  return negative ? static_cast<int64_t>(~n + 1) : static_cast<int64_t>(n);
}

int64_t go_atoi(const std::string& text) {
  const size_t digits_from = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (text.size() == digits_from) fail("Atoi", text, "invalid syntax");
  for (size_t i = digits_from; i < text.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) fail("Atoi", text, "invalid syntax");
  try {
    return std::stoll(text);
  } catch (const std::out_of_range&) {
    fail("Atoi", text, "value out of range");
  }
}

bool go_parse_bool(const std::string& text) {
  for (const char* yes : {"1", "t", "T", "TRUE", "true", "True"})
    if (text == yes) return true;
  for (const char* no : {"0", "f", "F", "FALSE", "false", "False"})
    if (text == no) return false;
  fail("ParseBool", text, "invalid syntax");
}

}  // namespace ferry::cli
