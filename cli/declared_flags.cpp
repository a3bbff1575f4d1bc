#include "declared_flags.hpp"

namespace ferry::cli {
namespace {

// pflag's UnquoteUsage: the first `name` in backquotes, and the usage without them.
std::pair<std::string, std::string> unquoted(const std::string& usage) {
  const auto open = usage.find('`');
  if (open == std::string::npos) return {"", usage};
  const auto close = usage.find('`', open + 1);
  if (close == std::string::npos) return {"", usage};
  const std::string name = usage.substr(open + 1, close - open - 1);
  return {name, usage.substr(0, open) + name + usage.substr(close + 1)};
}

// pflag prints no default that is its type's zero value.
bool zero_value(const DeclaredFlag& f) {
  const std::string& d = f.default_value;
  return d.empty() || d == "false" || d == "0" || d == "0s" || d == "[]";
}

}  // namespace

std::vector<DeclaredFlag> declared_flags(const cxxopts::Options& opts) {
  std::vector<DeclaredFlag> out;
  for (const auto& group : opts.groups()) {
    for (const auto& o : opts.group_help(group).options) {
      if (o.l.empty()) continue;
      DeclaredFlag f;
      f.name = o.l.front();
      f.shorthand = o.s.empty() ? 0 : o.s.front();
      f.type = o.is_boolean          ? "bool"
               : !o.arg_help.empty() ? o.arg_help
               : o.is_container      ? "strings"
                                     : "string";
      f.usage = o.desc;
      if (o.has_default) f.default_value = o.default_value;
      f.hidden = group == hidden_flags;
      out.push_back(std::move(f));
    }
  }
  return out;
}

FlagHelp flag_help(const DeclaredFlag& flag) {
  FlagHelp h;
  h.name = flag.name;
  h.shorthand = flag.shorthand;
  auto [name, usage] = unquoted(flag.usage);
  h.value_name = !name.empty() ? name : flag.type == "bool" ? "" : flag.type;
  h.usage = usage;
  if (!zero_value(flag))
    h.default_value = flag.type == "string" ? "\"" + flag.default_value + "\"" : flag.default_value;
  return h;
}

std::vector<FlagHelp> shown_flags(const std::vector<DeclaredFlag>& flags) {
  std::vector<FlagHelp> out;
  for (const auto& f : flags)
    if (!f.hidden) out.push_back(flag_help(f));
  return out;
}

std::string with_value_name(const std::string& usage, const std::string& word) {
  const auto at = word.empty() ? std::string::npos : usage.find(word);
  if (at == std::string::npos) return usage;
  return usage.substr(0, at) + "`" + word + "`" + usage.substr(at + word.size());
}

}  // namespace ferry::cli
