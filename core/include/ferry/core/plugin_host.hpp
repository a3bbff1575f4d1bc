// Finds transport plugins, routes transport names to them from their small
// manifests without loading them, and loads a plugin on first use.
#pragma once

#include <ferry/core/plugin_manifest.hpp>
#include <ferry/core/transport.hpp>
#include <ferry/plugin.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ferry {

// Transport names ferry knows about, installed or not.
const std::vector<std::string>& known_transport_names();

// How the build that made this binary treated one of its own transports.
enum class BuildChoice { module, left_out };

class PluginHost {
 public:
  PluginHost();
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // Scans the directories of FERRY_PLUGIN_PATH (":"-separated), then `default_dir`.
  // The first manifest naming a transport wins.
  void discover(const std::vector<std::filesystem::path>& default_dirs);
  void scan_directory(const std::filesystem::path& dir);

  // Recorded by the binary for its in-tree transports, so that a missing one is
  // explained: `detail` is the plugin manifest's file name (module) or the
  // build option that left it out; `package`, the Debian package a module
  // ships in.
  void note_build_choice(const std::string& transport, BuildChoice choice, std::string detail,
                         std::string package = {});

  // A plugin linked into the binary, serving `transports`.
  void add_builtin(ferry_plugin_entry_fn entry, const std::vector<std::string>& transports);

  // Names of transports that can be used here (sorted).
  std::vector<std::string> installed_transports() const;

  // The options every installed transport declares, by transport (sorted):
  // from the tables of loaded and built-in plugins, from the manifests of the
  // others, so that no shared object is loaded for it.
  std::map<std::string, std::vector<OptionSpec>> declared_options();
  // The FERRY_TRANSPORT_* flags of every installed transport, found the same
  // way (policy.json is validated with them before any plugin is loaded).
  std::map<std::string, uint32_t> declared_flags();

  // The transport by name, loading its plugin if needed. Throws Error:
  //  unknown transport; known transport whose plugin is not installed; a plugin
  //  built for another ABI (naming the file and both versions).
  const Transport& transport(const std::string& name);

  // The transport that checks `ferry login` credentials (loading plugins in
  // name order until one offers it). Throws NOT_SUPPORTED when none does.
  const Transport& login_transport();

  // Loads a shared object directly (used by tests and by `discover`).
  void load_library(const std::filesystem::path& library, const std::filesystem::path& manifest_file = {});

 private:
  struct Loaded;
  void register_plugin(const std::string& origin, ferry_plugin_entry_fn entry);
  // Why `name` cannot be used: not installed (and why) or unknown.
  [[noreturn]] void fail_missing(const std::string& name) const;
  void warn_if_manifest_differs(const PluginManifest& m, const Transport& t) const;
  mutable std::mutex mutex_;
  std::map<std::string, PluginManifest> routes_;  // transport name -> manifest
  std::map<std::string, ferry_plugin_entry_fn> builtin_routes_;
  std::map<std::string, std::unique_ptr<Transport>> transports_;
  std::vector<std::string> searched_;  // the directories scanned, each with where it came from
  struct BuildNote {
    BuildChoice choice;
    std::string detail;
    std::string package;
  };
  std::map<std::string, BuildNote> build_choices_;
};

}  // namespace ferry
