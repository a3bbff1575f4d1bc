// cxxopts' parse errors in the words pflag (skopeo's flag parser) uses, so a
// mistyped flag reads the same in both tools and no library text reaches the user.
#pragma once

#include "cxxopts_once.hpp"

#include <string>

namespace ferry::cli {

// "unknown flag: --name", "flag needs an argument: --name", ...; the text
// unchanged for an error pflag has no words for.
std::string flag_error_message(const cxxopts::exceptions::exception& e);

}  // namespace ferry::cli
