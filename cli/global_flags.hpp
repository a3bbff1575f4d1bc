// The flags before the command (skopeo's root flags): one table that both
// parsing and the root help are made from.
#pragma once

#include "app.hpp"
#include "help_layout.hpp"

#include <string>
#include <vector>

namespace ferry::cli {

struct GlobalCommandLine {
  GlobalOptions options;
  bool version = false;
  bool help = false;
  size_t command_at = 0;  // index in args of the command; args.size() when there is none
  // What follows the command, less the global flags given there (skopeo takes
  // them anywhere; see persistent_flag).
  std::vector<std::string> command_args;
};

// Parses the global flags that precede the command in args (argv without
// argv[0]). Throws cxxopts' exceptions for a malformed flag.
GlobalCommandLine parse_global_flags(const std::vector<std::string>& args);

// The global flags the root help shows, in the order it shows them.
std::vector<FlagHelp> shown_global_flags();

// The root help, listing the installed transports after the flags.
std::string root_help(const std::vector<std::string>& transports);

}  // namespace ferry::cli
