// The small text file beside a plugin ("ferry-NAME.plugin"): which library
// serves which transports, and the options each declares, so that routing,
// --help and flag parsing never load a shared object. One line per fact:
//
//   abi 1
//   library ferry-oci.so
//   transport oci
//   option oci shared-blob-dir string source,destination,image DIRECTORY use DIRECTORY to share blobs
//   flags oci policy-scope-path
//
// An option line is: option TRANSPORT NAME TYPE SCOPES VALUE_NAME HELP..., with
// TYPE bool|string|int|duration|string-list, SCOPES a comma list of
// source,destination,image,login,shared, and VALUE_NAME "-" for none. A flags
// line is: flags TRANSPORT FLAG,FLAG with the transport's FERRY_TRANSPORT_*
// bits by name (repository-tags, policy-scope-registry, …); names this ferry
// does not know are skipped, so that newer plugins' manifests still load.
// ferry-plugin-manifest writes the file from the plugin's own tables.
#pragma once

#include <ferry/core/transport.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ferry {

struct PluginManifest {
  std::filesystem::path file;     // the .plugin file
  std::filesystem::path library;  // the shared object it names
  int abi_major = 0;
  std::vector<std::string> transports;
  std::map<std::string, std::vector<OptionSpec>> options;  // by transport
  std::map<std::string, uint32_t> flags;                   // FERRY_TRANSPORT_*, by transport
};

// Parses a manifest file. Throws Error naming the file and line when malformed.
PluginManifest read_plugin_manifest(const std::filesystem::path& file);

// The manifest text for `library` (a file name) serving `transports`.
std::string format_plugin_manifest(const std::string& library,
                                   const std::vector<const Transport*>& transports);

}  // namespace ferry
