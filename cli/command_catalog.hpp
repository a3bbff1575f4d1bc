// Every command with what its help shows — summary, description, usage,
// examples, flags — read from the commands themselves: what completion
// scripts and man pages are made from, so they cannot drift from --help.
#pragma once

#include "app.hpp"
#include "command_docs.hpp"
#include "help_layout.hpp"

#include <string>
#include <vector>

namespace ferry::cli {

struct CatalogCommand {
  std::string name;
  std::string summary;
  bool hidden = false;
  CommandDoc doc;
  std::vector<FlagHelp> flags;  // as its --help lists them, plugin-declared ones included
};

std::vector<CatalogCommand> command_catalog(App& app);

}  // namespace ferry::cli
