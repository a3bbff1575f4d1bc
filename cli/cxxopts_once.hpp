// <cxxopts.hpp> for the CLI: the same header, with its six std::regex
// patterns compiled once per process. cxxopts 3.1 defines them in an unnamed
// namespace, so every file including it compiled its own six before main
// (some 5 ms for the CLI's 25 files). Each definition becomes a reference to
// one shared regex. Include this, never <cxxopts.hpp> directly: one direct
// include brings a file's own copies back. Harmless with a cxxopts whose
// patterns are no longer defined this way: the macros then match nothing.
#pragma once

#ifdef CXXOPTS_HPP_INCLUDED
#error "<cxxopts.hpp> was included before cxxopts_once.hpp, with its own copies of the patterns"
#endif

#include <regex>

namespace ferry::cli {

// The regex for `pattern`, compiled on the first call.
const std::regex& shared_option_pattern(const char* pattern);

}  // namespace ferry::cli

// Function-like, so they rewrite only the definitions ("name(" ... ")"); the
// uses of the names that follow stay as written.
#define integer_pattern(p) const& integer_pattern = ::ferry::cli::shared_option_pattern(p)
#define truthy_pattern(p) const& truthy_pattern = ::ferry::cli::shared_option_pattern(p)
#define falsy_pattern(p) const& falsy_pattern = ::ferry::cli::shared_option_pattern(p)
#define option_matcher(p) const& option_matcher = ::ferry::cli::shared_option_pattern(p)
#define option_specifier(p) const& option_specifier = ::ferry::cli::shared_option_pattern(p)
#define option_specifier_separator(p) \
  const& option_specifier_separator = ::ferry::cli::shared_option_pattern(p)
#include <cxxopts.hpp>
#undef integer_pattern
#undef truthy_pattern
#undef falsy_pattern
#undef option_matcher
#undef option_specifier
#undef option_specifier_separator
