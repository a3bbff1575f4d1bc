// Man pages in roff, made from the command catalog: ferry(1) and one
// ferry-COMMAND(1) per command, so that they say what --help says.
#pragma once

#include "command_catalog.hpp"

#include <string>
#include <utility>
#include <vector>

namespace ferry::cli {

struct ManTransport {
  std::string name;
  std::string description;
};

// ferry(1): the global flags, the commands, the installed transports.
std::string root_man_page(const std::string& program, const std::string& version,
                          const std::vector<CatalogCommand>& commands,
                          const std::vector<FlagHelp>& global_flags,
                          const std::vector<ManTransport>& transports);

// ferry-COMMAND(1).
std::string command_man_page(const std::string& program, const std::string& version,
                             const CatalogCommand& command);

// Text made safe for roff: backslashes and hyphens escaped, and no line
// starting with a control character.
std::string roff_escaped(const std::string& text);

}  // namespace ferry::cli
