#include "command_help.hpp"

#include "command_docs.hpp"
#include "declared_flags.hpp"
#include "help_layout.hpp"
#include "program_name.hpp"

namespace ferry::cli {

std::string command_help(const std::string& command, const cxxopts::Options& opts, PluginHost& plugins) {
  const CommandDoc doc = command_doc(command, plugins);
  // skopeo's usage template leaves the usage line and the examples unindented
  // and shows no global flags under a command.
  std::string out =
      doc.description + "\n\nUsage:\n" + program_name() + " " + command + " " + doc.usage + "\n\n";
  if (!doc.examples.empty()) out += "Examples:\n" + doc.examples + "\n\n";
  return out + "Flags:\n" + flag_table(shown_flags(declared_flags(opts))) + "\n";
}

}  // namespace ferry::cli
