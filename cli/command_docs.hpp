// What a command's help says besides its flags, in skopeo's words: the
// description, the usage after the command's name, the examples.
#pragma once

#include <ferry/core/plugin_host.hpp>

#include <string>

namespace ferry::cli {

struct CommandDoc {
  std::string description;  // cobra's Long text
  std::string usage;        // after "PROGRAM COMMAND"
  std::string examples;     // empty when skopeo shows none
};

// The texts for `command`; "Supported transports" lists those installed here.
CommandDoc command_doc(const std::string& command, PluginHost& plugins);

}  // namespace ferry::cli
