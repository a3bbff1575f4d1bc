// `COMMAND --help`, `COMMAND -h` and `help COMMAND`: the command's help in
// skopeo's (cobra's) layout — description, Usage, Examples, Flags — its flag
// table made from the command's cxxopts definitions.
#pragma once

#include <ferry/core/plugin_host.hpp>

#include "cxxopts_once.hpp"

#include <string>

namespace ferry::cli {

std::string command_help(const std::string& command, const cxxopts::Options& opts, PluginHost& plugins);

}  // namespace ferry::cli
