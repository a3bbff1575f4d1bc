#include "flag_values.hpp"

#include "app.hpp"
#include "go_duration.hpp"
#include "go_strconv.hpp"
#include "log_line.hpp"

namespace ferry::cli {
namespace {

// How pflag names a flag in the message: "-a, --all" when it has a shorthand.
std::string pflag_name(const DeclaredFlag& f) {
  return f.shorthand ? std::string("-") + f.shorthand + ", --" + f.name : "--" + f.name;
}

// The value as cxxopts should read it; throws pflag's message when Go would refuse it.
std::string checked(const DeclaredFlag& f, const std::string& value) {
  try {
    if (f.type == "bool") return go_parse_bool(value) ? "true" : "false";
    if (f.type == "int") return std::to_string(go_parse_int(value));
    if (f.type == "uint") return std::to_string(go_parse_uint(value));
    if (f.type == "duration") parse_go_duration(value);
    if (f.type == "ints") {
      for (size_t from = 0;;) {  // pflag splits on every comma
        const size_t comma = value.find(',', from);
        go_atoi(value.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
        if (comma == std::string::npos) break;
        from = comma + 1;
      }
    }
    return value;
  } catch (const UsageError& e) {
    throw UsageError("invalid argument \"" + go_quote(value) + "\" for \"" + go_quote(pflag_name(f)) +
                     "\" flag: " + e.what());
  }
}

const DeclaredFlag* find_long(const std::vector<DeclaredFlag>& flags, const std::string& name) {
  for (const auto& f : flags)
    if (f.name == name) return &f;
  return nullptr;
}

const DeclaredFlag* find_short(const std::vector<DeclaredFlag>& flags, char c) {
  for (const auto& f : flags)
    if (f.shorthand == c) return &f;
  return nullptr;
}

}  // namespace

void check_flag_values(const std::vector<DeclaredFlag>& flags, std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string& a = args[i];
    if (a == "--") return;
    if (a.size() < 2 || a[0] != '-') continue;  // a positional argument
    if (a[1] == '-') {
      const auto eq = a.find('=');
      const DeclaredFlag* f =
          find_long(flags, a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2));
      if (!f) return;
      if (eq != std::string::npos) {
        a = a.substr(0, eq + 1) + checked(*f, a.substr(eq + 1));
      } else if (f->type != "bool") {
        if (i + 1 >= args.size()) return;
        args[i + 1] = checked(*f, args[i + 1]);
        ++i;
      }
      continue;
    }
    // Shorthands: -abc is -a -b -c while they are booleans; -fVALUE, -f=VALUE and -f VALUE.
    for (size_t at = 1; at < a.size(); ++at) {
      const DeclaredFlag* f = find_short(flags, a[at]);
      if (!f) return;
      const bool inline_value = at + 1 < a.size() && a[at + 1] == '=';
      if (f->type == "bool" && !inline_value) continue;
      if (inline_value || at + 1 < a.size()) {
        const size_t from = at + 1 + (inline_value ? 1 : 0);
        a = a.substr(0, from) + checked(*f, a.substr(from));
      } else if (i + 1 < args.size()) {
        args[i + 1] = checked(*f, args[i + 1]);
        ++i;
      }
      break;
    }
  }
}

}  // namespace ferry::cli
