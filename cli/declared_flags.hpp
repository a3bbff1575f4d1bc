// A command's flags as pflag (skopeo's flag parser) sees them, read from the
// cxxopts definitions so that parsing, value checks and help share one table.
// cxxopts cannot tell an int from a string or a duration: each definition
// carries pflag's type name as its cxxopts arg_help ("int", "uint",
// "duration", "strings", ...). As in pflag, a `WORD` in backquotes in the
// description is the value name the help shows instead of the type.
#pragma once

#include "help_layout.hpp"

#include "cxxopts_once.hpp"

#include <string>
#include <vector>

namespace ferry::cli {

// The cxxopts group of flags that are accepted but left out of the help
// (skopeo's hidden flags, the positional arguments).
inline constexpr const char* hidden_flags = "hidden";

struct DeclaredFlag {
  std::string name;
  char shorthand = 0;
  std::string type;           // pflag's: "bool", "string", "int", "uint", "duration", "strings", ...
  std::string usage;          // as declared, backquotes included
  std::string default_value;  // cxxopts' default, "" when none
  bool hidden = false;
};

// Every flag of `opts`, the hidden ones included. A flag declared without a
// type is a "bool" (cxxopts' boolean), "strings" (a vector) or "string".
std::vector<DeclaredFlag> declared_flags(const cxxopts::Options& opts);

// The help line of a flag, as pflag's FlagUsages writes it.
FlagHelp flag_help(const DeclaredFlag& flag);

// The help lines of the flags that are not hidden.
std::vector<FlagHelp> shown_flags(const std::vector<DeclaredFlag>& flags);

// `usage` with its first `word` in backquotes, making it the value name
// (options that plugins declare carry their value name apart).
std::string with_value_name(const std::string& usage, const std::string& word);

}  // namespace ferry::cli
