// What every command shares: global options, the plugin host, the policy,
// image-name parsing and the error-to-exit-code rules.
#pragma once

#include <ferry/core/host_objects.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/core/plugin_host.hpp>
#include <ferry/core/policy.hpp>
#include <ferry/core/transport.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cxxopts {
class Options;
}

namespace ferry::cli {

struct GlobalOptions {
  bool debug = false;
  bool insecure_policy = false;
  std::string policy;
  std::string override_arch, override_os, override_variant;
  std::string registries_d;
  std::string registries_conf;
  std::string tmpdir;
  std::string command_timeout;
  std::string user_agent_prefix;
  // The deprecated global --tls-verify: the default for every image's own flag.
  std::optional<bool> tls_verify;
};

class App {
 public:
  explicit App(GlobalOptions g);
  const GlobalOptions& globals() const { return g_; }
  PluginHost& plugins() { return host_; }

  // "transport:reference" -> a parsed reference. Errors follow skopeo's words.
  ImageReference parse_image_name(const std::string& name);
  // The trust policy (--insecure-policy, --policy or the default files),
  // validated with the installed transports' scope kinds. Errors read
  // "Error loading trust policy: …" as skopeo's.
  Policy policy();
  Platform platform() const;
  // A context with the global flags applied (--tmpdir, --registries-conf, --registries.d,
  // --user-agent-prefix, the deprecated --tls-verify); image flags come after
  // and override them.
  void prepare_context(ferry_context& ctx) const;

  // While set, a command hands its flags to `reader` where it would parse
  // them, and runs nothing: how the command catalog reads every command's
  // flags from their one declaration.
  using FlagsReader = std::function<void(const cxxopts::Options&)>;
  void read_flags_with(FlagsReader reader) { flags_reader_ = std::move(reader); }
  const FlagsReader& flags_reader() const { return flags_reader_; }

 private:
  GlobalOptions g_;
  PluginHost host_;
  FlagsReader flags_reader_;
};

// A usage error: printed with the command's help hint, exit code 1.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using CommandFn = int (*)(App& app, const std::string& command, std::vector<std::string> args);

struct Command {
  const char* name;
  const char* summary;
  CommandFn run;
  bool hidden = false;  // left out of --help, as skopeo hides it
};

const std::vector<Command>& commands();

// Registers the plugins linked into this binary (generated at build time).
void register_builtin_plugins(PluginHost& host);

}  // namespace ferry::cli
