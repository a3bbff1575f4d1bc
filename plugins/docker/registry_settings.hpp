// What the host says about one registry (registries.conf, certs.d via
// ferry_host.registry_config) combined with this side's options (tls-verify,
// cert-dir, registry-token, no-creds).
#pragma once

#include "docker_reference.hpp"

#include <ferry/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::docker {

struct RegistryEndpoint {
  std::string host;       // host[:port] to connect to (docker.io already mapped to its API host)
  std::string path;       // the repository on this endpoint
  bool insecure = false;  // registries.conf: plain http and no verification allowed
  bool mirror = false;
  std::string pull_from_mirror = "all";  // "all", "digest-only", "tag-only"
  std::string cert_dir;                  // certs.d for this host, "" for none
};

struct RegistrySettings {
  std::string registry;  // as the user named it: "127.0.0.1:5000", "docker.io"
  std::string repository_path;
  bool blocked = false;
  std::vector<RegistryEndpoint> endpoints;  // pull order: mirrors first, the primary last
  std::string cert_dir;
  std::string user_agent = "ferry";
  std::optional<bool> tls_verify;  // the option, when given; it beats registries.conf
  std::optional<std::string> registry_token;
  bool no_creds = false;

  // Reads the host's configuration for name.repository(). Throws for a
  // blocked registry, naming it.
  static RegistrySettings load(const sdk::Context& ctx, const std::string& registry,
                               const std::string& repository_path);

  const RegistryEndpoint& primary() const { return endpoints.back(); }
  bool verify_tls(const RegistryEndpoint& e) const { return tls_verify.value_or(!e.insecure); }
  // The option beats the endpoint's certs.d, which beats the registry-wide one.
  std::string cert_dir_for(const RegistryEndpoint& e) const {
    return cert_dir_option.empty() && !e.cert_dir.empty() ? e.cert_dir : cert_dir;
  }
  std::string cert_dir_option;
};

}  // namespace ferry::plugins::docker
