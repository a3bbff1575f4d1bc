// ferry: copies container images between the places they live. Speaks
// skopeo's command line: global flags, then a command and its flags.
#include "app.hpp"
#include "go_duration.hpp"
#include "log_line.hpp"
#include "stopping.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/log.hpp>

#include <cxxopts.hpp>

#include <chrono>
#include <iostream>

#include <malloc.h>

namespace {

using ferry::cli::App;
using ferry::cli::GlobalOptions;

void print_fatal(const std::string& message) { std::cerr << ferry::cli::log_line("fatal", message); }

cxxopts::Options global_options() {
  cxxopts::Options o("ferry", "Various operations with container images and container image registries");
  o.add_options()("debug", "enable debug output")("insecure-policy", "run the tool without any policy check")(
      "policy", "Path to a trust policy file", cxxopts::value<std::string>())(
      "override-arch", "use ARCH instead of the architecture of the machine for choosing images",
      cxxopts::value<std::string>())("override-os", "use OS instead of the running OS for choosing images",
                                     cxxopts::value<std::string>())(
      "override-variant", "use VARIANT instead of the running architecture variant for choosing images",
      cxxopts::value<std::string>())("registries.d", "use registry configuration files in DIR",
                                     cxxopts::value<std::string>())(
      "registries-conf", "path to the registries.conf file", cxxopts::value<std::string>())(
      "tmpdir", "directory used to store temporary files", cxxopts::value<std::string>())(
      "command-timeout", "timeout for the command execution", cxxopts::value<std::string>())(
      "user-agent-prefix", "prefix to add to the user agent string", cxxopts::value<std::string>())(
      "tls-verify", "require HTTPS and verify certificates when accessing the registry (deprecated)",
      cxxopts::value<bool>()->implicit_value("true"))("v,version", "Version for ferry")("h,help",
                                                                                        "help for ferry");
  return o;
}

// Global flags that take a value as the next argument.
bool takes_value(const std::string& flag) {
  static const char* with_value[] = {"--policy",           "--override-arch",   "--override-os",
                                     "--override-variant", "--registries.d",    "--registries-conf",
                                     "--tmpdir",           "--command-timeout", "--user-agent-prefix"};
  for (const char* f : with_value)
    if (flag == f) return true;
  return false;
}

void print_help(App& app) {
  std::cout << "Various operations with container images and container image registries\n\n"
               "Usage:\n  ferry [flags] COMMAND [command flags]\n\nAvailable Commands:\n";
  for (const auto& c : ferry::cli::commands()) {
    if (c.hidden) continue;
    std::string name = c.name;
    name.resize(std::max<size_t>(name.size(), 20), ' ');
    std::cout << "  " << name << c.summary << "\n";
  }
  std::cout << "\n" << global_options().help({""}) << "\nInstalled transports:\n";
  for (const auto& t : app.plugins().installed_transports()) std::cout << "  " << t << "\n";
  std::cout << "\nUse \"ferry COMMAND --help\" for more information about a command.\n";
}

// The command line, run; returns the exit status.
int run(int argc, char** argv) {
  // glibc gives each thread that allocates its own heap arena and keeps what
  // it freed there: parallel layers would multiply the peak memory of a
  // conversion (a zstd window per layer) by the number of threads. One arena
  // serves: the hot paths allocate once per blob, not per buffer.
  mallopt(M_ARENA_MAX, 1);
  std::vector<std::string> args(argv + 1, argv + argc);
  size_t cmd_at = 0;
  while (cmd_at < args.size() && args[cmd_at].rfind("-", 0) == 0) {
    if (takes_value(args[cmd_at])) ++cmd_at;
    ++cmd_at;
  }
  std::vector<std::string> global_args(args.begin(), args.begin() + std::min(cmd_at, args.size()));
  try {
    auto opts = global_options();
    std::vector<const char*> gargv{"ferry"};
    for (auto& a : global_args) gargv.push_back(a.c_str());
    auto r = opts.parse(static_cast<int>(gargv.size()), gargv.data());
    GlobalOptions g;
    g.debug = r.count("debug") > 0;
    g.insecure_policy = r.count("insecure-policy") > 0;
    auto str = [&](const char* k, std::string& out) {
      if (r.count(k)) out = r[k].as<std::string>();
    };
    str("policy", g.policy);
    str("override-arch", g.override_arch);
    str("override-os", g.override_os);
    str("override-variant", g.override_variant);
    str("registries.d", g.registries_d);
    str("registries-conf", g.registries_conf);
    str("tmpdir", g.tmpdir);
    str("command-timeout", g.command_timeout);
    str("user-agent-prefix", g.user_agent_prefix);
    if (g.debug) ferry::set_log_level(ferry::LogLevel::debug);
    if (r.count("tls-verify")) {
      ferry::log_message(ferry::LogLevel::warn,
                         "'--tls-verify' is deprecated, please set this on the specific subcommand");
      g.tls_verify = r["tls-verify"].as<bool>();
    }
    // A flag ferry cannot honour is refused, never silently ignored.
    if (r.count("registries.d"))
      throw ferry::cli::UsageError(
          "--registries.d is not supported: this ferry reads and writes no signatures in "
          "lookaside storage, which is all registries.d configures");
    if (!g.command_timeout.empty())
      ferry::cli::arm_command_timeout(ferry::cli::parse_go_duration(g.command_timeout), g.command_timeout);
    App app(g);
    if (r.count("version")) {
      std::cout << "ferry version " << FERRY_VERSION << "\n";
      return 0;
    }
    if (r.count("help")) {
      print_help(app);
      return 0;
    }
    if (cmd_at >= args.size()) {
      print_fatal("Missing command 'ferry COMMAND'\nTry 'ferry --help' for more information.");
      return 1;
    }
    const std::string& name = args[cmd_at];
    for (const auto& c : ferry::cli::commands()) {
      if (name == c.name)
        return c.run(app, name, std::vector<std::string>(args.begin() + cmd_at + 1, args.end()));
    }
    if (name == "help") {
      print_help(app);
      return 0;
    }
    print_fatal("Unrecognized command `ferry " + name + "`\nTry 'ferry --help' for more information.");
    return 1;
  } catch (const ferry::cli::UsageError& e) {
    print_fatal(e.what());
    return 1;
  } catch (const cxxopts::exceptions::exception& e) {
    print_fatal(e.what());
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
  ferry::cli::install_stop_signals();
  return ferry::cli::exit_status_after(run(argc, argv));
}
