// A flag value that does not parse, refused as pflag refuses it: before the
// command does anything, naming the flag:
//   invalid argument "abc" for "--retry-times" flag: strconv.ParseInt: parsing "abc": invalid syntax
#pragma once

#include "declared_flags.hpp"

#include <string>
#include <vector>

namespace ferry::cli {

// Checks the values `args` gives the int, uint, duration and bool flags of
// `flags`, left to right, and rewrites each as cxxopts reads it (a Go integer
// such as 0x1f or 1_000 in decimal, a Go boolean such as T as true). Stops at
// "--" and at the first flag it does not know, which cxxopts reports. Throws
// UsageError with pflag's message.
void check_flag_values(const std::vector<DeclaredFlag>& flags, std::vector<std::string>& args);

}  // namespace ferry::cli
