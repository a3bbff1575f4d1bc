#include <ferry/core/error.hpp>
#include "config/registries_conf.hpp"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace ferry {
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  if (!in) fail(FERRY_E_IO, "cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string home() {
  const char* h = std::getenv("HOME");
  return h ? h : "";
}

// How closely `prefix` matches `name`: the prefix length, or -1. A prefix
// matches whole components ("a.io/x" matches "a.io/x/y", not "a.io/xy");
// "*.domain" matches any host under domain.
int match_length(const std::string& prefix, const std::string& name) {
  if (prefix.rfind("*.", 0) == 0) {
    std::string host = name.substr(0, name.find('/'));
    host = host.substr(0, host.find(':'));  // a port after the domain still matches
    std::string suffix = prefix.substr(1);  // ".domain"
    if (host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0)
      return static_cast<int>(suffix.size());
    return -1;
  }
  if (name.rfind(prefix, 0) != 0) return -1;
  if (name.size() == prefix.size() || name[prefix.size()] == '/' || name[prefix.size()] == ':' ||
      name[prefix.size()] == '@')
    return static_cast<int>(prefix.size());
  return -1;
}

}  // namespace

void RegistriesConf::merge_text(const std::string& text, const std::string& origin) {
  toml::table t;
  try {
    t = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "invalid registries configuration " << origin << ": " << e.description() << " (line "
        << e.source().begin.line << ")";
    fail(FERRY_E_INVALID_ARGUMENT, msg.str());
  }
  auto str = [](const toml::node_view<toml::node>& n) { return n.value_or(std::string()); };
  if (auto* regs = t["registry"].as_array()) {
    for (auto& node : *regs) {
      auto* r = node.as_table();
      if (!r) continue;
      toml::node_view<toml::node> v(*r);
      RegistryEntry e;
      e.origin = origin;
      e.location = str(v["location"]);
      e.prefix = str(v["prefix"]);
      if (e.prefix.empty()) e.prefix = e.location;
      if (e.prefix.empty())
        fail(FERRY_E_INVALID_ARGUMENT, "invalid registries configuration " + origin +
                                           ": a [[registry]] has neither prefix nor location");
      e.insecure = v["insecure"].value_or(false);
      e.blocked = v["blocked"].value_or(false);
      e.mirror_by_digest_only = v["mirror-by-digest-only"].value_or(false);
      if (auto* mirrors = v["mirror"].as_array()) {
        for (auto& m : *mirrors) {
          if (!m.as_table()) continue;
          toml::node_view<toml::node> mv(m);
          RegistryMirror mirror{str(mv["location"]), mv["insecure"].value_or(false),
                                mv["pull-from-mirror"].value_or(std::string("all"))};
          if (e.mirror_by_digest_only) mirror.pull_from_mirror = "digest-only";
          e.mirrors.push_back(mirror);
        }
      }
      // A later file's entry for the same prefix replaces the earlier one.
      auto same = std::find_if(entries_.begin(), entries_.end(),
                               [&](const RegistryEntry& o) { return o.prefix == e.prefix; });
      if (same != entries_.end())
        *same = e;
      else
        entries_.push_back(e);
    }
  }
  // Version 1: [registries.insecure] / [registries.block] registries = [...]
  auto v1 = [&](const char* section, bool RegistryEntry::*flag) {
    if (auto* list = t["registries"][section]["registries"].as_array())
      for (auto& n : *list)
        if (auto s = n.value<std::string>()) {
          // One entry per registry, even when both lists name it.
          auto same = std::find_if(entries_.begin(), entries_.end(),
                                   [&](const RegistryEntry& o) { return o.prefix == *s; });
          if (same == entries_.end()) {
            entries_.push_back(RegistryEntry{});
            same = entries_.end() - 1;
            same->prefix = *s;
            same->origin = origin;
          }
          (*same).*flag = true;
        }
  };
  v1("insecure", &RegistryEntry::insecure);
  v1("block", &RegistryEntry::blocked);
}

RegistriesConf RegistriesConf::load(const std::string& explicit_path) {
  RegistriesConf conf;
  fs::path main;
  bool user_main = false;
  if (!explicit_path.empty()) {
    main = explicit_path;
  } else if (const char* env = std::getenv("CONTAINERS_REGISTRIES_CONF"); env && *env) {
    main = env;
  } else {
    fs::path user = fs::path(home()) / ".config/containers/registries.conf";
    user_main = !home().empty() && fs::exists(user);
    main = user_main ? user : fs::path("/etc/containers/registries.conf");
  }
  std::error_code ec;
  if (fs::exists(main, ec))
    conf.merge_text(read_file(main), main.string());
  else if (!explicit_path.empty())
    fail(FERRY_E_IO, "registries configuration " + explicit_path + " does not exist");
  // Drop-ins apply only to the default files.
  if (explicit_path.empty() && !std::getenv("CONTAINERS_REGISTRIES_CONF")) {
    std::vector<fs::path> dirs;
    if (!user_main) dirs.push_back("/etc/containers/registries.conf.d");
    if (!home().empty()) dirs.push_back(fs::path(home()) / ".config/containers/registries.conf.d");
    for (const auto& d : dirs) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(d, ec))
        if (e.path().extension() == ".conf") files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) conf.merge_text(read_file(f), f.string());
    }
  }
  return conf;
}

std::shared_ptr<const RegistriesConf> RegistriesConf::shared(const std::string& explicit_path) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const RegistriesConf>> loaded;
  const char* env = std::getenv("CONTAINERS_REGISTRIES_CONF");
  const std::string key = explicit_path + '\0' + (env ? env : "") + '\0' + home();
  std::lock_guard lock(mutex);
  auto& conf = loaded[key];
  if (!conf) conf = std::make_shared<const RegistriesConf>(load(explicit_path));
  return conf;
}

const RegistryEntry* RegistriesConf::find(const std::string& name) const {
  const RegistryEntry* best = nullptr;
  int best_len = -1;
  for (const auto& e : entries_) {
    int len = match_length(e.prefix, name);
    if (len > best_len) {
      best = &e;
      best_len = len;
    }
  }
  return best;
}

std::optional<fs::path> certs_d_for(const std::string& host) {
  std::vector<fs::path> roots;
  if (!home().empty()) roots.push_back(fs::path(home()) / ".config/containers/certs.d");
  roots.push_back("/etc/containers/certs.d");
  roots.push_back("/etc/docker/certs.d");
  std::error_code ec;
  for (const auto& r : roots)
    if (fs::is_directory(r / host, ec)) return r / host;
  return std::nullopt;
}

std::string registry_config_json(const ferry_context* ctx, const std::string& name) {
  auto option = [&](const char* key) -> std::string {
    if (!ctx) return "";
    auto it = ctx->options.find(key);
    return it == ctx->options.end() ? "" : it->second;
  };
  const auto conf = RegistriesConf::shared(option("registries-conf"));
  const RegistryEntry* entry = conf->find(name);
  bool tls_off = option("tls-verify") == "false";
  std::string cert_dir = option("cert-dir");

  auto endpoint = [&](const std::string& repo, bool insecure, bool mirror, const std::string& pull) {
    nlohmann::ordered_json e;
    e["name"] = repo;
    e["insecure"] = insecure || tls_off;
    std::string host = repo.substr(0, repo.find('/'));
    if (!cert_dir.empty())
      e["cert_dir"] = cert_dir;
    else if (auto d = certs_d_for(host))
      e["cert_dir"] = d->string();
    e["mirror"] = mirror;
    e["pull_from_mirror"] = pull;
    return e;
  };
  // The repository at a location that replaces the entry's prefix.
  auto rewrite = [&](const std::string& location) {
    if (!entry || entry->prefix.rfind("*.", 0) == 0)
      return location.empty() ? name : location + name.substr(std::min(name.find('/'), name.size()));
    return location + name.substr(entry->prefix.size());
  };

  nlohmann::ordered_json j;
  j["blocked"] = entry && entry->blocked;
  if (entry && entry->blocked) {
    j["blocked_by"] = entry->origin;
    j["blocked_prefix"] = entry->prefix;
  }
  j["endpoints"] = nlohmann::ordered_json::array();
  if (entry) {
    for (const auto& m : entry->mirrors)
      j["endpoints"].push_back(endpoint(rewrite(m.location), m.insecure, true, m.pull_from_mirror));
    std::string primary = entry->location.empty() ? name : rewrite(entry->location);
    j["endpoints"].push_back(endpoint(primary, entry->insecure, false, "all"));
  } else {
    j["endpoints"].push_back(endpoint(name, false, false, "all"));
  }
  j["user_agent"] = "ferry/" FERRY_VERSION;
  return j.dump();
}

}  // namespace ferry
