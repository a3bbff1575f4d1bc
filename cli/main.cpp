// ferry: copies container images between the places they live. Speaks
// skopeo's command line: global flags, then a command and its flags.
#include "app.hpp"
#include "flag_errors.hpp"
#include "global_flags.hpp"
#include "help_layout.hpp"
#include "program_name.hpp"
#include "go_duration.hpp"
#include "log_line.hpp"
#include "stopping.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/log.hpp>

#include "cxxopts_once.hpp"

#include <chrono>
#include <iostream>

#include <malloc.h>

namespace {

using ferry::cli::App;
using ferry::cli::GlobalOptions;

void print_fatal(const std::string& message) { std::cerr << ferry::cli::log_line("fatal", message); }

// skopeo's fatal line for a command it does not have, with cobra's suggestions.
std::string unrecognized_command_message(const std::string& name) {
  const std::string& self = ferry::cli::program_name();
  std::vector<ferry::cli::CommandHelp> known;
  for (const auto& c : ferry::cli::commands()) known.push_back({c.name, c.summary, c.hidden});
  std::string message = "Unrecognized command `" + self + " " + name + "`\n";
  const auto near = ferry::cli::suggestions_for(name, known);
  if (!near.empty()) {
    message += "\nDid you mean this?\n";
    for (const auto& n : near) message += "\t" + n + "\n";
    message += "\n";
  }
  return message + "Try '" + self + " --help' for more information";
}

// The command line, run; returns the exit status.
int run(int argc, char** argv) {
  // glibc gives each thread that allocates its own heap arena and keeps what
  // it freed there: parallel layers would multiply the peak memory of a
  // conversion (a zstd window per layer) by the number of threads. One arena
  // serves: the hot paths allocate once per blob, not per buffer.
  mallopt(M_ARENA_MAX, 1);
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    auto line = ferry::cli::parse_global_flags(args);
    GlobalOptions& g = line.options;
    if (g.debug) ferry::set_log_level(ferry::LogLevel::debug);
    if (g.tls_verify)
      ferry::log_message(ferry::LogLevel::warn,
                         "'--tls-verify' is deprecated, please set this on the specific subcommand");
    if (!g.command_timeout.empty())
      ferry::cli::arm_command_timeout(ferry::cli::parse_go_duration(g.command_timeout), g.command_timeout);
    App app(g);
    const std::string& self = ferry::cli::program_name();
    if (line.help) {  // before --version, as cobra has it
      std::cout << ferry::cli::root_help(app.plugins().installed_transports());
      return 0;
    }
    if (line.version) {
      std::cout << ferry::cli::version_line() << "\n";
      return 0;
    }
    if (line.command_at >= args.size()) {
      print_fatal("Missing command '" + self + " COMMAND'\nTry '" + self + " --help' for more information");
      return 1;
    }
    const std::string& name = args[line.command_at];
    std::vector<std::string>& rest = line.command_args;
    for (const auto& c : ferry::cli::commands()) {
      if (name == c.name) return c.run(app, name, std::move(rest));
    }
    if (name == "help") {
      // "help COMMAND" is "COMMAND --help", as cobra has it.
      for (const auto& c : ferry::cli::commands())
        if (!rest.empty() && rest[0] == c.name) return c.run(app, c.name, {"--help"});
      const std::string help = ferry::cli::root_help(app.plugins().installed_transports());
      if (rest.empty()) {
        std::cout << help;
      } else {
        // cobra's answer, on stderr: the topic is named, then the usage (the help without its description).
        std::cerr << "Unknown help topic [`" << rest[0] << "`]\n" << help.substr(help.find("Usage:"));
      }
      return 0;
    }
    print_fatal(unrecognized_command_message(name));
    return 1;
  } catch (const ferry::cli::UsageError& e) {
    print_fatal(e.what());
    return 1;
  } catch (const cxxopts::exceptions::exception& e) {
    print_fatal(ferry::cli::flag_error_message(e));
    return 1;
  } catch (const ferry::Error& e) {
    print_fatal(ferry::cli::explain_stop(e.what()));
    return e.code() == FERRY_E_NOT_FOUND ? 2 : 1;
  } catch (const std::exception& e) {
    print_fatal(e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  ferry::cli::set_program_name(argc > 0 ? argv[0] : "ferry");
  ferry::cli::install_stop_signals();
  return ferry::cli::exit_status_after(run(argc, argv));
}
