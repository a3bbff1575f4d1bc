// Completion scripts for bash, zsh and fish, made from the command catalog:
// commands, each command's flags (plugin-declared ones included), the global
// flags, the installed transports' prefixes, and paths after the prefix of a
// transport whose references are paths (oci:, dir:, ...).
#pragma once

#include "command_catalog.hpp"

#include <string>
#include <vector>

namespace ferry::cli {

struct CompletionTransport {
  std::string name;
  // The plugin's one-line description, which ends in its reference syntax in
  // parentheses: "(//name[:tag|@digest])", "(path[:reference])" (docs/plugin-abi.md).
  std::string description;
};

struct CompletionInput {
  std::string program;  // the name the script completes: ferry, or skopeo under the alias
  std::vector<CatalogCommand> commands;
  std::vector<FlagHelp> global_flags;
  std::vector<CompletionTransport> transports;  // installed
};

std::string bash_completion(const CompletionInput& in);
// zsh runs the bash script through bashcompinit, which it ships for this; the
// script is sourced from .zshrc.
std::string zsh_completion(const CompletionInput& in);
std::string fish_completion(const CompletionInput& in);

// What an image name of `transport` starts with: "NAME://" when its syntax
// begins with "//", else "NAME:".
std::string transport_prefix(const CompletionTransport& transport);
// Whether the command's arguments are image names (TRANSPORT:REFERENCE).
bool takes_image_names(const CatalogCommand& command);
// Whether a reference of `transport` is a path ("path…" or "file…"), so that
// a path completes after its prefix.
bool reference_is_path(const CompletionTransport& transport);

}  // namespace ferry::cli
