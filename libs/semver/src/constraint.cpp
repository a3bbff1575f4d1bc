// Constraints as Masterminds/semver's NewConstraint reads them and Check
// applies them. The Go code is regular expressions; this is a hand-written
// scanner for the same language (no regex engine, no recursion):
//   - "A - B" hyphen ranges (spaces required around the '-') are first
//     rewritten to ">= A, <= B" over the whole text;
//   - the text is split on "||" into OR groups;
//   - a group is terms separated by spaces or one comma, a term an operator
//     (=, !=, >, <, >=, =>, <=, =<, ~, ~>, ^ or none), optional spaces, and a
//     version where x, X or * stand for a whole part.
#include <ferry/semver/semver.hpp>

#include "internal.hpp"

#include <optional>
#include <stdexcept>
#include <string>

namespace ferry::semver {
namespace {

using Op = Constraint::Op;
using Term = Constraint::Term;
using Group = Constraint::Group;

// Go's \s.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_op_char(char c) { return c == '=' || c == '!' || c == '<' || c == '>' || c == '~' || c == '^'; }
// A version part in a constraint: Masterminds' class [0-9|x|X|\*] also takes
// '|', which matters where a range's bound touches a "||".
bool is_part_char(char c) { return (c >= '0' && c <= '9') || c == 'x' || c == 'X' || c == '*' || c == '|'; }
bool is_wildcard(std::string_view part) { return part == "x" || part == "X" || part == "*"; }

size_t skip_spaces(std::string_view s, size_t pos) {
  while (pos < s.size() && is_space(s[pos])) ++pos;
  return pos;
}

std::string_view trim(std::string_view s) {
  size_t b = skip_spaces(s, 0);
  size_t e = s.size();
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

[[noreturn]] void improper(std::string_view part) {
  throw std::invalid_argument("improper constraint: " + std::string(trim(part)));
}

// The pieces of a constraint's version, as views into the text.
struct VersionPieces {
  std::string_view major, minor, patch;  // minor and patch may be empty
  std::string_view prerelease;           // with its '-', or empty
};

// Length of the longest constraint version at `pos` (Go's greedy match of
//   v? P (.P)? (.P)? (-ID(.ID)*)? (+ID(.ID)*)?   P = [0-9|xX*]+
// is the longest one), 0 when there is none.
size_t version_at(std::string_view s, size_t pos, VersionPieces* pieces = nullptr) {
  size_t i = pos;
  if (i < s.size() && s[i] == 'v') ++i;
  auto part_at = [&](size_t at) {
    size_t n = 0;
    while (at + n < s.size() && is_part_char(s[at + n])) ++n;
    return n;
  };
  size_t n = part_at(i);
  if (n == 0) return 0;
  VersionPieces p;
  p.major = s.substr(i, n);
  i += n;
  for (std::string_view* part : {&p.minor, &p.patch}) {
    if (i >= s.size() || s[i] != '.' || (n = part_at(i + 1)) == 0) break;
    *part = s.substr(i + 1, n);
    i += 1 + n;
  }
  if (i < s.size() && s[i] == '-' && (n = detail::identifiers_at(s, i + 1)) > 0) {
    p.prerelease = s.substr(i, 1 + n);
    i += 1 + n;
  }
  if (i < s.size() && s[i] == '+' && (n = detail::identifiers_at(s, i + 1)) > 0) i += 1 + n;
  if (pieces) *pieces = p;
  return i - pos;
}

// Go's rewriteRange: every leftmost "\s* A \s+ - \s+ B \s*" becomes
// ">= A, <= B ". The match may start inside a word ("1.2.3.4 - 5" rewrites
// "2.3.4 - 5"); what is left in front then fails the grammar, as in Go.
std::string rewrite_ranges(std::string_view s) {
  std::string out;
  size_t copied = 0, start = 0;
  while (start < s.size()) {
    size_t i = skip_spaces(s, start);
    size_t a = version_at(s, i);
    bool matched = false;
    size_t a_pos = i, b_pos = 0, b = 0;
    if (a > 0) {
      i += a;
      size_t after_a = skip_spaces(s, i);
      if (after_a > i && after_a < s.size() && s[after_a] == '-') {
        size_t before_b = skip_spaces(s, after_a + 1);
        if (before_b > after_a + 1 && (b = version_at(s, before_b)) > 0) {
          b_pos = before_b;
          i = skip_spaces(s, before_b + b);
          matched = true;
        }
      }
    }
    if (!matched) {
      ++start;
      continue;
    }
    out.append(s.substr(copied, start - copied));
    out.append(">= ").append(s.substr(a_pos, a)).append(", <= ").append(s.substr(b_pos, b)).append(" ");
    copied = start = i;
  }
  out.append(s.substr(copied));
  return out;
}

std::optional<Op> operator_from(std::string_view op) {
  if (op.empty() || op == "=") return Op::equal;
  if (op == "!=") return Op::not_equal;
  if (op == ">") return Op::greater;
  if (op == "<") return Op::less;
  if (op == ">=" || op == "=>") return Op::greater_equal;
  if (op == "<=" || op == "=<") return Op::less_equal;
  if (op == "~" || op == "~>") return Op::tilde;
  if (op == "^") return Op::caret;
  return std::nullopt;
}

// The bound of a term: a wildcard or missing part reads as 0 with the parts
// after it dropped (and any metadata), the rest goes through parse_version
// as Masterminds does, so numbers must fit uint64 and parts must be digits.
std::optional<Term> make_term(Op op, std::string_view text, const VersionPieces& p) {
  Term t;
  t.op = op;
  std::string bound;
  if (is_wildcard(p.major)) {
    bound = "0.0.0";
    t.dirty = true;
  } else if (p.minor.empty() || is_wildcard(p.minor)) {
    bound = std::string(p.major) + ".0.0";
    t.dirty = t.minor_dirty = true;
  } else if (p.patch.empty() || is_wildcard(p.patch)) {
    bound = std::string(p.major) + "." + std::string(p.minor) + ".0";
    t.dirty = t.patch_dirty = true;
  } else {
    bound = std::string(text);
  }
  if (t.dirty) bound += p.prerelease;
  auto v = parse_version(bound);
  if (!v) return std::nullopt;
  t.bound = std::move(*v);
  return t;
}

// One OR group: terms separated by spaces or by one comma (with spaces
// around it allowed); spaces may sit between an operator and its version.
Group parse_group(std::string_view s) {
  Group g;
  size_t i = skip_spaces(s, 0);
  if (i == s.size()) throw std::invalid_argument("improper constraint: an empty alternative");
  while (true) {
    size_t term_start = i;
    while (i < s.size() && is_op_char(s[i])) ++i;
    auto op = operator_from(s.substr(term_start, i - term_start));
    i = skip_spaces(s, i);
    size_t word_start = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != ',') ++i;
    std::string_view word = s.substr(word_start, i - word_start);
    std::string_view term_text = s.substr(term_start, i - term_start);
    if (term_text.empty()) improper(s);  // a stray comma
    VersionPieces pieces;
    if (!op || word.empty() || version_at(word, 0, &pieces) != word.size()) improper(term_text);
    auto term = make_term(*op, word, pieces);
    if (!term) improper(term_text);
    if (!term->bound.prerelease.empty()) g.has_prerelease = true;
    g.terms.push_back(std::move(*term));

    i = skip_spaces(s, i);
    if (i == s.size()) break;
    if (s[i] == ',') {
      i = skip_spaces(s, i + 1);
      if (i == s.size()) improper(s);  // a trailing comma
    }
  }
  return g;
}

// The checks, each as Masterminds' constraint function of the same name; the
// prerelease gate is applied once per group by the caller. "dirty" bounds
// compare only the parts that were given.
bool check_not_equal(const Version& v, const Term& t) {
  const Version& c = t.bound;
  if (t.dirty) {
    if (c.major != v.major) return true;
    if (c.minor != v.minor && !t.minor_dirty) return true;
    if (t.minor_dirty) return false;
    if (c.patch != v.patch && !t.patch_dirty) return true;
    if (t.patch_dirty) {
      if (!v.prerelease.empty() || !c.prerelease.empty())
        return detail::compare_prerelease(v.prerelease, c.prerelease) != 0;
      return false;
    }
  }
  return compare(v, c) != 0;
}

bool check_greater(const Version& v, const Term& t) {
  const Version& c = t.bound;
  if (!t.dirty) return compare(v, c) > 0;
  if (v.major != c.major) return v.major > c.major;
  if (t.minor_dirty) return false;              // >11 needs 12 or more
  if (t.patch_dirty) return v.minor > c.minor;  // >11.1 needs 11.2 or more
  return compare(v, c) > 0;
}

bool check_less_equal(const Version& v, const Term& t) {
  const Version& c = t.bound;
  if (!t.dirty) return compare(v, c) <= 0;
  if (v.major > c.major) return false;
  if (v.major == c.major && v.minor > c.minor && !t.minor_dirty) return false;
  return true;
}

// ~1.2.3 is >=1.2.3 <1.3.0; ~1 and ~1.x are >=1.0.0 <2.0.0; ~0.0.0 and ~* any.
bool check_tilde(const Version& v, const Term& t) {
  const Version& c = t.bound;
  if (compare(v, c) < 0) return false;
  if (c.major == 0 && c.minor == 0 && c.patch == 0 && !t.minor_dirty && !t.patch_dirty) return true;
  if (v.major != c.major) return false;
  if (v.minor != c.minor && !t.minor_dirty) return false;
  return true;
}

// ^1.2.3 is >=1.2.3 <2.0.0; ^0.2.3 is >=0.2.3 <0.3.0; ^0.0.3 is =0.0.3;
// ^0.0 is <0.1.0; ^0 is <1.0.0.
bool check_caret(const Version& v, const Term& t) {
  const Version& c = t.bound;
  if (compare(v, c) < 0) return false;
  if (c.major > 0 || t.minor_dirty) return v.major == c.major;
  if (v.major > 0) return false;
  if (c.minor > 0 || t.patch_dirty) return v.minor == c.minor;
  if (v.minor > 0) return false;
  return v.patch == c.patch;
}

bool check(const Version& v, const Term& t) {
  switch (t.op) {
    case Op::equal:
      // With a wildcard or missing part, "=" is "~".
      return t.dirty ? check_tilde(v, t) : compare(v, t.bound) == 0;
    case Op::not_equal:
      return check_not_equal(v, t);
    case Op::greater:
      return check_greater(v, t);
    case Op::less:
      return compare(v, t.bound) < 0;
    case Op::greater_equal:
      return compare(v, t.bound) >= 0;
    case Op::less_equal:
      return check_less_equal(v, t);
    case Op::tilde:
      return check_tilde(v, t);
    case Op::caret:
      return check_caret(v, t);
  }
  return false;
}

}  // namespace

Constraint Constraint::parse(std::string_view text) {
  if (text.size() > kMaxConstraintLength)
    throw std::invalid_argument("constraint too long: " + std::to_string(text.size()) + " bytes (at most " +
                                std::to_string(kMaxConstraintLength) + ")");
  std::string rewritten = rewrite_ranges(text);
  std::string_view rest = rewritten;
  std::vector<std::string_view> alternatives;
  while (true) {
    size_t bar = rest.find("||");
    alternatives.push_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 2);
  }
  if (alternatives.size() > kMaxConstraintAlternatives)
    throw std::invalid_argument("constraint has too many || alternatives (at most " +
                                std::to_string(kMaxConstraintAlternatives) + ")");
  Constraint c;
  for (std::string_view alt : alternatives) c.groups_.push_back(parse_group(alt));
  return c;
}

bool Constraint::matches(const Version& v) const {
  for (const Group& g : groups_) {
    // Ranges skip prereleases unless the group asks for some itself.
    if (!v.prerelease.empty() && !g.has_prerelease) continue;
    bool all = true;
    for (const Term& t : g.terms) {
      if (!check(v, t)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

}  // namespace ferry::semver
