// Help text laid out as skopeo's (cobra and pflag) is: flags sorted by name,
// the text aligned three columns after the longest flag; commands padded to
// the longest command name, hidden ones included.
#pragma once

#include <string>
#include <vector>

namespace ferry::cli {

struct FlagHelp {
  std::string name;  // without the dashes
  char shorthand = 0;
  std::string value_name;  // empty for a boolean flag
  std::string usage;
  std::string default_value;  // printed as "(default VALUE)" when not empty
};

// One line per flag, each ending in a newline.
std::string flag_table(std::vector<FlagHelp> flags);

struct CommandHelp {
  std::string name;
  std::string summary;
  bool hidden = false;
};

// One line per command that is not hidden, each ending in a newline.
std::string command_table(const std::vector<CommandHelp>& commands);

// The commands a mistyped name probably meant: those within two edits of it
// (ignoring case), or that it begins, as cobra suggests them ("help" never).
std::vector<std::string> suggestions_for(const std::string& typed, const std::vector<CommandHelp>& commands);

}  // namespace ferry::cli
