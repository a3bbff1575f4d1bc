#include "global_flags.hpp"

#include "declared_flags.hpp"
#include "flag_values.hpp"
#include "help_layout.hpp"
#include "program_name.hpp"

#include "cxxopts_once.hpp"

namespace ferry::cli {
namespace {

struct GlobalFlag {
  FlagHelp help;
  bool hidden = false;  // accepted, but left out of the help, as skopeo does
};

GlobalFlag flag(std::string name, std::string value_name, std::string usage, char shorthand = 0,
                bool hidden = false) {
  GlobalFlag f;
  f.help.name = std::move(name);
  f.help.shorthand = shorthand;
  f.help.value_name = std::move(value_name);
  f.help.usage = std::move(usage);
  f.hidden = hidden;
  return f;
}

std::vector<GlobalFlag> global_flag_table() {
  const std::string& self = program_name();
  const bool hidden = true;
  return {
      flag("command-timeout", "duration", "timeout for the command execution"),
      flag("debug", "", "enable debug output"),
      flag("help", "", "help for " + self, 'h'),
      flag("insecure-policy", "", "run the tool without any policy check"),
      flag("override-arch", "ARCH",
           "use ARCH instead of the architecture of the machine for choosing images"),
      flag("override-os", "OS", "use OS instead of the running OS for choosing images"),
      flag("override-variant", "VARIANT",
           "use VARIANT instead of the running architecture variant for choosing images"),
      flag("policy", "string", "Path to a trust policy file"),
      flag("registries.d", "DIR",
           "use registry configuration files in DIR (e.g. for container signature storage)"),
      flag("registries-conf", "string", "path to the registries.conf file", 0, hidden),
      // Deprecated: each command has its own.
      flag("tls-verify", "", "require HTTPS and verify certificates when accessing the registry", 0, hidden),
      flag("tmpdir", "string", "directory used to store temporary files"),
      flag("user-agent-prefix", "string", "prefix to add to the user agent string"),
      flag("version", "", std::string("Version for ") + (self == "skopeo" ? "Skopeo" : "ferry"), 'v'),
  };
}

cxxopts::Options global_options(const std::vector<GlobalFlag>& table) {
  cxxopts::Options o(program_name());
  auto add = o.add_options();
  for (const auto& f : table) {
    const std::string spec =
        f.help.shorthand ? std::string(1, f.help.shorthand) + "," + f.help.name : f.help.name;
    if (f.help.value_name.empty())  // a boolean: --x is --x=true, and --x=false is false
      add(spec, f.help.usage, cxxopts::value<bool>()->default_value("false")->implicit_value("true"));
    else  // pflag's type: a value name other than "duration" stands for a string
      add(spec, f.help.usage, cxxopts::value<std::string>(),
          f.help.value_name == "duration" ? "duration" : "string");
  }
  return o;
}

// The global flag `arg` names when it takes its value from the next argument.
bool takes_next_value(const std::vector<GlobalFlag>& table, const std::string& arg) {
  for (const auto& f : table)
    if (!f.help.value_name.empty() && arg == "--" + f.help.name) return true;
  return false;
}

// skopeo's root flags are cobra's persistent flags: a command takes them too.
// Those no command has a flag of its own for move from after the command to
// the global set: the flag `arg` names when it is one of those.
const GlobalFlag* persistent_flag(const std::vector<GlobalFlag>& table, const std::string& arg) {
  if (!arg.starts_with("--")) return nullptr;
  const std::string name =
      arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
  for (const auto& f : table)
    if (f.help.name == name && name != "help" && name != "version" && name != "tls-verify") return &f;
  return nullptr;
}

}  // namespace

GlobalCommandLine parse_global_flags(const std::vector<std::string>& args) {
  const auto table = global_flag_table();
  GlobalCommandLine out;
  size_t& at = out.command_at;
  while (at < args.size() && args[at].starts_with("-")) {
    if (takes_next_value(table, args[at])) ++at;
    ++at;
  }
  at = std::min(at, args.size());
  std::vector<std::string> global_args(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(at));
  for (size_t i = at + 1; i < args.size(); ++i) {
    const GlobalFlag* f = args[i] == "--" ? nullptr : persistent_flag(table, args[i]);
    if (args[i] == "--") {
      out.command_args.insert(out.command_args.end(), args.begin() + static_cast<std::ptrdiff_t>(i),
                              args.end());
      break;
    }
    if (!f) {
      out.command_args.push_back(args[i]);
      continue;
    }
    global_args.push_back(args[i]);
    if (takes_next_value(table, args[i]) && i + 1 < args.size()) global_args.push_back(args[++i]);
  }
  auto opts = global_options(table);
  check_flag_values(declared_flags(opts), global_args);
  std::vector<const char*> argv{"ferry"};
  for (const auto& a : global_args) argv.push_back(a.c_str());
  const auto r = opts.parse(static_cast<int>(argv.size()), argv.data());

  GlobalOptions& g = out.options;
  g.debug = r["debug"].as<bool>();
  g.insecure_policy = r["insecure-policy"].as<bool>();
  auto str = [&](const char* k, std::string& field) {
    if (r.count(k)) field = r[k].as<std::string>();
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
  if (r.count("tls-verify")) g.tls_verify = r["tls-verify"].as<bool>();
  out.version = r["version"].as<bool>();
  out.help = r["help"].as<bool>();
  return out;
}

std::vector<FlagHelp> shown_global_flags() {
  std::vector<FlagHelp> flags;
  for (const auto& f : global_flag_table())
    if (!f.hidden) flags.push_back(f.help);
  return flags;
}

std::string root_help(const std::vector<std::string>& transports) {
  const std::string& self = program_name();
  std::vector<CommandHelp> commands = {{"help", "Help about any command"}};
  for (const auto& c : cli::commands()) commands.push_back({c.name, c.summary, c.hidden});
  const std::vector<FlagHelp> flags = shown_global_flags();

  std::string out = "Various operations with container images and container image registries\n\nUsage:\n  " +
                    self + " [flags]\n  " + self + " [command]\n\nAvailable Commands:\n" +
                    command_table(commands) + "\nFlags:\n" + flag_table(flags) + "\nInstalled transports:\n";
  for (const auto& t : transports) out += "  " + t + "\n";
  out += "\nUse \"" + self + " [command] --help\" for more information about a command.\n";
  return out;
}

}  // namespace ferry::cli
