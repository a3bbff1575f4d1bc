// ferry completion bash|zsh|fish: prints the completion script for the shell.
#include "../command_catalog.hpp"
#include "../command_line.hpp"
#include "../completion/completion_scripts.hpp"
#include "../global_flags.hpp"

#include <iostream>

namespace ferry::cli {
namespace {

int run_completion(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " completion",
                     "Generate the autocompletion script for the specified shell");
  auto parsed =
      parse_command(app, command, o, args, 1, "accepts 1 arg(s): the shell, one of bash, zsh, fish");
  if (!parsed) return 0;
  const std::string& shell = parsed->positional[0];
  if (shell != "bash" && shell != "zsh" && shell != "fish")
    throw UsageError("no completion for the shell \"" + shell + "\": bash, zsh or fish");
  CompletionInput in;
  in.program = program_name();
  in.commands = command_catalog(app);
  in.global_flags = shown_global_flags();
  for (const auto& t : app.plugins().installed_transports())
    in.transports.push_back({t, app.plugins().transport(t).description()});
  if (shell == "bash") std::cout << bash_completion(in);
  if (shell == "zsh") std::cout << zsh_completion(in);
  if (shell == "fish") std::cout << fish_completion(in);
  return 0;
}

}  // namespace

CommandFn completion_command() { return &run_completion; }

}  // namespace ferry::cli
