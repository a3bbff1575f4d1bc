// Go's fmt verbs over GoValues: %v %s %d %q %x %X %o %b %c %t %e %f %g %T %%,
// flags (- + # 0 space), width and precision (also as *).
#include "go_template_fmt.hpp"

#include "go_template_time.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ferry::gotmpl {
namespace {

using Kind = GoValue::Kind;

struct Spec {
  bool minus = false, plus = false, sharp = false, space = false, zero = false;
  bool plus_v = false;  // %+v: struct fields with their names
  int width = -1, precision = -1;
};

// Go's %v for a float64 (strconv's 'g' with the shortest digits): exponent
// form when the exponent is below -4 or at least 6 ("1e+06", "0.0001").
std::string shortest_float(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  const std::string sci(buf, std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific).ptr);
  const auto e = sci.find('e');
  const int exponent = std::stoi(sci.substr(e + 1));
  if (exponent < -4 || exponent >= 6) {
    const std::string digits = sci.substr(e + 2);  // at least two exponent digits, as Go
    return sci.substr(0, e + 2) + (digits.size() < 2 ? "0" : "") + digits;
  }
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed).ptr);
}

size_t rune_count(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

// Pads to the width; numbers take zeros after their sign.
std::string pad(std::string s, const Spec& spec, bool numeric) {
  const size_t n = rune_count(s);
  if (spec.width < 0 || n >= static_cast<size_t>(spec.width)) return s;
  const size_t fill = spec.width - n;
  if (spec.minus) return s + std::string(fill, ' ');
  if (spec.zero) {
    const size_t at = numeric && !s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ');
    return s.insert(at, fill, '0');
  }
  return std::string(fill, ' ') + s;
}

std::string utf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return out;
}

std::string format_int(const GoValue& v, char verb, const Spec& spec) {
  const int64_t i = v.integer;
  if (verb == 'c') return pad(utf8(static_cast<uint32_t>(i)), spec, false);
  if (verb == 'q') return pad("'" + utf8(static_cast<uint32_t>(i)) + "'", spec, false);
  const uint64_t mag = i < 0 ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
  const int base = verb == 'b'                    ? 2
                   : (verb == 'o' || verb == 'O') ? 8
                   : (verb == 'x' || verb == 'X') ? 16
                                                  : 10;
  char buf[72];
  std::string digits(buf, std::to_chars(buf, buf + sizeof buf, mag, base).ptr);
  if (verb == 'X')
    for (char& c : digits) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (spec.precision >= 0 && digits.size() < static_cast<size_t>(spec.precision)) {
    digits.insert(0, spec.precision - digits.size(), '0');
  }
  std::string prefix = i < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  if (verb == 'O' || (spec.sharp && verb == 'o')) prefix += verb == 'O' ? "0o" : "0";
  if (spec.sharp && (verb == 'x' || verb == 'X')) prefix += verb == 'x' ? "0x" : "0X";
  if (spec.sharp && verb == 'b') prefix += "0b";
  if (verb == 'U')
    return pad("U+" + std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits, spec, false);
  return pad(prefix + digits, spec, true);
}

std::string format_float(double d, char verb, const Spec& spec) {
  std::string s;
  if ((verb == 'v' || verb == 'g' || verb == 'G') && spec.precision < 0) {
    s = shortest_float(d);
    if (verb == 'G')
      for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else {
    const char c_verb = verb == 'v' ? 'g' : verb == 'F' ? 'f' : verb;
    char fmt[16], buf[512];
    std::snprintf(fmt, sizeof fmt, "%%.%d%c", spec.precision < 0 ? 6 : spec.precision, c_verb);
    std::snprintf(buf, sizeof buf, fmt, d);
    s = buf;
  }
  if (!s.starts_with('-') && (spec.plus || spec.space)) s.insert(0, spec.plus ? "+" : " ");
  return pad(s, spec, std::isfinite(d));
}

std::string format_string(const std::string& text, char verb, const Spec& spec) {
  std::string s = text;
  if (spec.precision >= 0) {  // at most `precision` runes
    size_t runes = 0, i = 0;
    for (; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80 && runes++ == static_cast<size_t>(spec.precision))
        break;
    }
    s.resize(i);
  }
  if (verb == 'q') {
    s = spec.sharp && s.find('`') == s.npos ? "`" + s + "`" : go_quote(s);
  } else if (verb == 'x' || verb == 'X') {
    static constexpr char kHex[] = "0123456789abcdef0123456789ABCDEF";
    std::string hex;
    for (const unsigned char c : s) {
      if (spec.space && !hex.empty()) hex += ' ';
      hex += kHex[(c >> 4) + (verb == 'X' ? 16 : 0)];
      hex += kHex[(c & 15) + (verb == 'X' ? 16 : 0)];
    }
    s = hex;
  }
  return pad(s, spec, false);
}

class Printer {
 public:
  std::string value(const GoValue& v, char verb, Spec spec, int depth) {
    if (verb == 'v' && spec.plus) spec.plus = false, spec.plus_v = true;  // as fmt does
    if (verb == 'T')
      return pad(v.kind == Kind::nil || v.kind == Kind::invalid ? "<nil>" : v.type, spec, false);
    const bool string_verb = verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X';
    if (string_verb) {
      if (const auto s = stringer(v)) return format_string(*s, verb == 'v' ? 's' : verb, spec);
    }
    switch (v.kind) {
      case Kind::nil:
      case Kind::invalid:
        return verb == 'v' ? pad("<nil>", spec, false) : "%!" + std::string(1, verb) + "(<nil>)";
      case Kind::boolean:
        if (verb == 'v' || verb == 't') return pad(v.boolean ? "true" : "false", spec, false);
        break;
      case Kind::integer:
        if (std::string("vdbcoOqxXU").find(verb) != std::string::npos)
          return format_int(v, verb == 'v' ? 'd' : verb, spec);
        break;
      case Kind::floating:
        if (std::string("veEfFgG").find(verb) != std::string::npos)
          return format_float(v.floating, verb, spec);
        break;
      case Kind::string:
        if (string_verb) return format_string(v.text, verb == 'v' ? 's' : verb, spec);
        break;
      case Kind::slice: {
        std::string out = "[";
        for (size_t i = 0; i < v.items.size(); ++i)
          out += (i ? " " : "") + value(v.items[i], verb, spec, depth + 1);
        return out + "]";
      }
      case Kind::map: {
        std::string out = "map[";
        for (size_t i = 0; i < v.items.size(); ++i) {
          out += (i ? " " : "") + value(GoValue::of_string(v.keys[i]), verb, spec, depth + 1) + ":" +
                 value(v.items[i], verb, spec, depth + 1);
        }
        return out + "]";
      }
      case Kind::structure: {
        // fmt shows a pointer to a struct as &{...} only at the top level.
        std::string out = depth == 0 && v.type.starts_with('*') ? "&{" : "{";
        for (size_t i = 0; i < v.items.size(); ++i) {
          out += (i ? " " : "") + (spec.plus_v ? v.keys[i] + ":" : "") +
                 value(v.items[i], verb, spec, depth + 1);
        }
        return out + "}";
      }
      case Kind::time:
        break;
    }
    return "%!" + std::string(1, verb) + "(" + v.type + "=" + value(v, 'v', Spec{}, depth) + ")";
  }
};

}  // namespace

std::optional<std::string> stringer(const GoValue& v) {
  if (v.kind == Kind::time) return v.is_nil ? "<nil>" : time_string(v.time);
  if (v.kind == Kind::integer && v.type == "time.Month") return month_name(v.integer);
  if (v.kind == Kind::integer && v.type == "time.Weekday") return weekday_name(v.integer);
  return std::nullopt;
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '\a':
        out += "\\a";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '"':
        out += "\\\"";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);  // printable ASCII and UTF-8 pass through
    }
  }
  return out + "\"";
}

std::string action_text(const GoValue& v) {
  if (v.kind == Kind::nil || v.kind == Kind::invalid) return "<no value>";
  // text/template dereferences a pointer to a struct before printing it, so
  // it prints as {...}, never &{...}; depth 1 says "not the top level".
  return Printer().value(v, 'v', Spec{}, v.kind == Kind::structure ? 1 : 0);
}

std::string sprint(const std::vector<GoValue>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    // Go puts a space between operands when neither is a string.
    if (i > 0 && args[i].kind != Kind::string && args[i - 1].kind != Kind::string) out += ' ';
    out += Printer().value(args[i], 'v', Spec{}, 0);
  }
  return out;
}

std::string sprintln(const std::vector<GoValue>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) out += (i ? " " : "") + Printer().value(args[i], 'v', Spec{}, 0);
  return out + "\n";
}

// Go's fmt takes no width or precision beyond a million (its tooLarge): an
// argument that big is a bad width, and a number that long in the format ends
// it (checked before each digit, so up to 8 digits read, as in Go).
namespace {
constexpr int64_t max_width = 1000000;
bool too_large(int64_t n) { return n > max_width || n < -max_width; }
}  // namespace

std::string sprintf(std::string_view format, const std::vector<GoValue>& args) {
  std::string out;
  size_t next_arg = 0;
  auto star = [&](int& target) {  // a width or precision given as an argument
    if (next_arg < args.size() && args[next_arg].kind == Kind::integer &&
        !too_large(args[next_arg].integer)) {
      target = static_cast<int>(args[next_arg++].integer);
      return true;
    }
    ++next_arg;
    return false;
  };
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    Spec spec;
    for (++i; i < format.size(); ++i) {
      const char c = format[i];
      if (c == '-')
        spec.minus = true;
      else if (c == '+')
        spec.plus = true;
      else if (c == '#')
        spec.sharp = true;
      else if (c == ' ')
        spec.space = true;
      else if (c == '0')
        spec.zero = !spec.minus;
      else
        break;
    }
    bool bad_width = false, bad_precision = false;
    if (i < format.size() && format[i] == '*') {
      bad_width = !star(spec.width);
      if (spec.width < 0 && !bad_width) spec.minus = true, spec.width = -spec.width;
      ++i;
    }
    for (; i < format.size() && std::isdigit(static_cast<unsigned char>(format[i])); ++i) {
      if (too_large(spec.width)) {
        spec.width = -1;
        i = format.size();
        break;
      }
      spec.width = (spec.width < 0 ? 0 : spec.width * 10) + (format[i] - '0');
    }
    if (i < format.size() && format[i] == '.') {
      spec.precision = 0;
      if (++i < format.size() && format[i] == '*') {
        if (!star(spec.precision) || spec.precision < 0) spec.precision = -1, bad_precision = true;
        ++i;
      }
      for (; i < format.size() && std::isdigit(static_cast<unsigned char>(format[i])); ++i) {
        if (too_large(spec.precision)) {
          spec.precision = 0;
          i = format.size();
          break;
        }
        spec.precision = spec.precision * 10 + (format[i] - '0');
      }
    }
    if (bad_width) out += "%!(BADWIDTH)";
    if (bad_precision) out += "%!(BADPREC)";
    if (i >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    const char verb = format[i];
    if (verb == '%') {
      out += '%';
    } else if (next_arg >= args.size()) {
      out += "%!" + std::string(1, verb) + "(MISSING)";
    } else {
      out += Printer().value(args[next_arg++], verb, spec, 0);
    }
  }
  if (next_arg < args.size()) {
    out += "%!(EXTRA ";
    for (size_t i = next_arg; i < args.size(); ++i) {
      const GoValue& a = args[i];
      const bool nil = a.kind == Kind::nil || a.kind == Kind::invalid;
      out += (i > next_arg ? ", " : "") +
             (nil ? std::string("<nil>") : a.type + "=" + Printer().value(a, 'v', Spec{}, 0));
    }
    out += ")";
  }
  return out;
}

}  // namespace ferry::gotmpl
