// registries.conf (containers-registries.conf(5)) and certs.d: the settings
// the containers tools keep per registry, resolved for one repository and
// handed to plugins as JSON (ferry_host.registry_config).
#pragma once

#include <ferry/core/host_objects.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry {

struct RegistryMirror {
  std::string location;
  bool insecure = false;
  std::string pull_from_mirror = "all";  // all | digest-only | tag-only
};

struct RegistryEntry {
  std::string prefix;    // host[:port][/path] or *.domain
  std::string location;  // where the prefix really lives; empty = the prefix
  bool insecure = false;
  bool blocked = false;
  bool mirror_by_digest_only = false;
  std::vector<RegistryMirror> mirrors;
  std::string origin;  // the file it came from, for messages
};

class RegistriesConf {
 public:
  // explicit_path: --registries-conf; else CONTAINERS_REGISTRIES_CONF; else
  // $HOME/.config/containers/registries.conf or /etc/containers/registries.conf,
  // then the matching registries.conf.d drop-ins in lexical order.
  static RegistriesConf load(const std::string& explicit_path);
  // load(), read once a process for each set of inputs (the explicit path,
  // CONTAINERS_REGISTRIES_CONF, HOME), as the containers tools read it: every
  // registry a command reaches asks for its settings. A failed read is not kept.
  static std::shared_ptr<const RegistriesConf> shared(const std::string& explicit_path);
  // Parses one file's text (v2 [[registry]] tables or v1 [registries.*]).
  void merge_text(const std::string& text, const std::string& origin);

  // The entry whose prefix matches `name` (host[:port]/path) most closely.
  const RegistryEntry* find(const std::string& name) const;
  const std::vector<RegistryEntry>& entries() const { return entries_; }

 private:
  std::vector<RegistryEntry> entries_;
};

// The first existing certs.d directory for host[:port]
// ($HOME/.config/containers/certs.d, /etc/containers/certs.d, /etc/docker/certs.d).
std::optional<std::filesystem::path> certs_d_for(const std::string& host);

// The JSON documented at ferry_host.registry_config, for repository `name`,
// honouring the context's options ("registries-conf", "cert-dir", "tls-verify").
std::string registry_config_json(const ferry_context* ctx, const std::string& name);

}  // namespace ferry
