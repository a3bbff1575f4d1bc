// Parsing one command's flags and positional arguments.
#pragma once

#include "app.hpp"
#include "program_name.hpp"

#include "cxxopts_once.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ferry::cli {

struct ParsedCommand {
  cxxopts::ParseResult flags;
  std::vector<std::string> positional;
};

// Adds -h/--help, checks the values of typed flags as pflag does (see
// flag_values.hpp), parses; prints the command's help and returns nullopt when
// asked for it. Throws UsageError unless the number of positional arguments is `want`.
std::optional<ParsedCommand> parse_command(App& app, const std::string& command, cxxopts::Options& opts,
                                           std::vector<std::string> args, size_t want,
                                           const std::string& wrong_count_message);

// A boolean flag given as --x or --x=true; false for --x=false, which cxxopts
// still counts as given.
bool flag_on(const cxxopts::ParseResult& flags, const std::string& name);

// --retry-times / --retry-delay: runs `op`, again after a retryable failure.
void with_retries(const cxxopts::ParseResult& flags, const std::function<void()>& op);

}  // namespace ferry::cli
