#include "flag_errors.hpp"

namespace ferry::cli {
namespace {

// The text cxxopts put between its curly quotes, or nothing.
std::string quoted_part(const std::string& what) {
  static const std::string open = "\u2018", close = "\u2019";
  const auto from = what.find(open), to = what.rfind(close);
  if (from == std::string::npos || to == std::string::npos || to < from + open.size()) return {};
  return what.substr(from + open.size(), to - from - open.size());
}

// How pflag names a flag: "--name", or "'n' in -n" for a shorthand.
std::string flag_named(const std::string& name, bool long_form) {
  return long_form ? "--" + name : "'" + name + "' in -" + name;
}

}  // namespace

std::string flag_error_message(const cxxopts::exceptions::exception& e) {
  const std::string what = e.what();
  const std::string name = quoted_part(what);
  if (name.empty()) return what;
  // cxxopts names long and short flags alike without dashes; one letter is a shorthand.
  const bool long_form = name.size() > 1;
  if (dynamic_cast<const cxxopts::exceptions::no_such_option*>(&e))
    return long_form ? "unknown flag: --" + name : "unknown shorthand flag: " + flag_named(name, false);
  if (dynamic_cast<const cxxopts::exceptions::invalid_option_syntax*>(&e)) return "unknown flag: " + name;
  if (dynamic_cast<const cxxopts::exceptions::missing_argument*>(&e) ||
      dynamic_cast<const cxxopts::exceptions::option_requires_argument*>(&e))
    return "flag needs an argument: " + flag_named(name, long_form);
  if (dynamic_cast<const cxxopts::exceptions::incorrect_argument_type*>(&e))
    return "invalid argument \"" + name + "\": not a value of its flag's type";
  return what;
}

}  // namespace ferry::cli
