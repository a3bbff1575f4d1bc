#include "registry_settings.hpp"

#include <nlohmann/json.hpp>

namespace ferry::plugins::docker {

namespace {

// An endpoint names the repository to use there: "name" is the whole
// "host[:port]/path" (registries.conf's prefix already rewritten); the older
// "location" may also be a bare "host[:port]", keeping the repository path.
RegistryEndpoint endpoint_from(const nlohmann::json& j, const std::string& repository_path) {
  RegistryEndpoint e;
  std::string location = j.value("name", "");
  if (location.empty()) location = j.value("location", "");
  auto slash = location.find('/');
  e.host = api_host(location.substr(0, slash));
  e.path = slash == std::string::npos ? repository_path : location.substr(slash + 1);
  e.insecure = j.value("insecure", false);
  e.mirror = j.value("mirror", false);
  e.pull_from_mirror = j.value("pull_from_mirror", "all");
  e.cert_dir = j.value("cert_dir", "");
  return e;
}

}  // namespace

RegistrySettings RegistrySettings::load(const sdk::Context& ctx, const std::string& registry,
                                        const std::string& repository_path) {
  RegistrySettings s;
  s.registry = registry;
  s.repository_path = repository_path;
  const std::string name = repository_path.empty() ? registry : registry + "/" + repository_path;
  nlohmann::json j = nlohmann::json::parse(ctx.registry_config(name), nullptr, false);
  if (j.is_discarded() || !j.is_object()) j = nlohmann::json::object();

  s.blocked = j.value("blocked", false);
  if (s.blocked)
    throw sdk::Error(FERRY_E_UNAUTHORIZED, "registry " + j.value("blocked_prefix", registry) +
                                               " is blocked in " +
                                               j.value("blocked_by", std::string("registries.conf")) +
                                               "; refusing to access " + name);
  bool insecure = j.value("insecure", false);
  if (auto it = j.find("endpoints"); it != j.end() && it->is_array())
    for (const auto& e : *it)
      if (e.is_object() && (!e.value("name", "").empty() || !e.value("location", "").empty()))
        s.endpoints.push_back(endpoint_from(e, repository_path));
  if (s.endpoints.empty()) {
    RegistryEndpoint e;
    e.host = api_host(registry);
    e.path = repository_path;
    e.insecure = insecure;
    s.endpoints.push_back(e);
  }
  if (auto it = j.find("cert_dir"); it != j.end() && it->is_string()) s.cert_dir = *it;
  if (auto it = j.find("user_agent"); it != j.end() && it->is_string()) s.user_agent = *it;
  // --user-agent-prefix, as skopeo: "PREFIX ferry/VERSION".
  if (auto p = ctx.option("user-agent-prefix"); p && !p->empty()) s.user_agent = *p + " " + s.user_agent;

  if (auto v = ctx.option("cert-dir"); v && !v->empty()) s.cert_dir = s.cert_dir_option = *v;
  if (auto v = ctx.option("tls-verify")) s.tls_verify = (*v == "true" || *v == "1");
  if (auto v = ctx.option("registry-token"); v && !v->empty()) s.registry_token = *v;
  s.no_creds = ctx.flag("no-creds");
  return s;
}

}  // namespace ferry::plugins::docker
