// Finds transport plugins, routes transport names to them from their small
// manifests without loading them, and loads a plugin on first use.
#pragma once

#include <ferry/core/transport.hpp>
#include <ferry/plugin.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ferry {

// What a "<name>.plugin" file beside a shared object says.
struct PluginManifest {
  std::filesystem::path file;     // the .plugin file
  std::filesystem::path library;  // the shared object it names
  int abi_major = 0;
  std::vector<std::string> transports;
};

// Parses a manifest file. Throws Error naming the file and line when malformed.
PluginManifest read_plugin_manifest(const std::filesystem::path& file);

// Transport names ferry knows about, installed or not.
const std::vector<std::string>& known_transport_names();

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

  // A plugin linked into the binary.
  void add_builtin(const std::string& name, ferry_plugin_entry_fn entry,
                   const std::vector<std::string>& transports);

  // Names of transports that can be used here (sorted).
  std::vector<std::string> installed_transports() const;

  // The transport by name, loading its plugin if needed. Throws Error:
  //  unknown transport; known transport whose plugin is not installed; a plugin
  //  built for another ABI (naming the file and both versions).
  const Transport& transport(const std::string& name);

  // Loads a shared object directly (used by tests and by `discover`).
  void load_library(const std::filesystem::path& library,
                    const std::filesystem::path& manifest_file = {});

 private:
  struct Loaded;
  void register_plugin(const std::string& origin, ferry_plugin_entry_fn entry,
                       std::shared_ptr<void> keep_alive);
  mutable std::mutex mutex_;
  std::map<std::string, PluginManifest> routes_;  // transport name -> manifest
  std::map<std::string, ferry_plugin_entry_fn> builtin_routes_;
  std::map<std::string, std::unique_ptr<Transport>> transports_;
  std::vector<std::shared_ptr<void>> libraries_;  // kept: plugins are never unloaded
};

}  // namespace ferry
