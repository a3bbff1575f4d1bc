#include "config/credential_helper.hpp"
#include <ferry/core/credentials.hpp>
#include <ferry/base64.hpp>
#include <ferry/core/error.hpp>
#include <ferry/file_io/temp_file.hpp>
#include <ferry/json_input/parse.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Auth file keys may be URLs ("https://index.docker.io/v1/"); compare them as
// host[:port][/path] with docker.io's legacy names folded in.
std::string normalize_key(std::string key) {
  bool url = false;
  for (const char* scheme : {"https://", "http://"})
    if (key.rfind(scheme, 0) == 0) {
      key = key.substr(std::string(scheme).size());
      url = true;
    }
  // A URL names a registry ("https://host/v1/"): only its host counts. A
  // plain key may be a repository whose last component happens to be "v2".
  if (url) key = key.substr(0, key.find('/'));
  while (!key.empty() && key.back() == '/') key.pop_back();
  if (key == "index.docker.io" || key == "registry-1.docker.io") key = "docker.io";
  return key;
}

std::string host_of(const std::string& registry) { return registry.substr(0, registry.find('/')); }

json read_json_file(const fs::path& file) {
  const std::string document = "auth file " + file.string();
  std::optional<json> j = json_input::parse_file(file, json_input::limits::auth_file, document);
  if (!j) return json::object();
  if (!j->is_object()) fail(FERRY_E_INVALID_ARGUMENT, document + " is not a JSON object");
  return *j;
}

// Written whole or not at all, readable by its owner only.
void write_json_file(const fs::path& file, const json& j) {
  std::error_code ec;
  // Only a directory made here gets 0700; an existing one (/tmp, $HOME) keeps its mode.
  if (file.has_parent_path() && fs::create_directories(file.parent_path(), ec))
    ::chmod(file.parent_path().c_str(), 0700);
  // No newline at the end, as the containers tools write it.
  file_io::write_file_atomically(file, j.dump(1, '\t'), 0600);
}

std::optional<Credentials> entry_credentials(const json& e) {
  if (!e.is_object()) return std::nullopt;
  if (e.contains("identitytoken") && e["identitytoken"].is_string() &&
      !e["identitytoken"].get<std::string>().empty())
    return Credentials{"<token>", e["identitytoken"].get<std::string>()};
  if (!e.contains("auth") || !e["auth"].is_string()) return std::nullopt;
  auto decoded = base64::decode(e["auth"].get<std::string>());
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return Credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

}  // namespace

std::vector<fs::path> auth_files_to_read(const std::string& explicit_path) {
  if (!explicit_path.empty()) return {explicit_path};
  if (!env("REGISTRY_AUTH_FILE").empty()) return {env("REGISTRY_AUTH_FILE")};
  std::vector<fs::path> files{primary_auth_file("")};
  std::string home = env("HOME");
  std::string config_home = env("XDG_CONFIG_HOME").empty() ? home + "/.config" : env("XDG_CONFIG_HOME");
  if (!config_home.empty()) files.push_back(fs::path(config_home) / "containers/auth.json");
  if (!env("DOCKER_CONFIG").empty())
    files.push_back(fs::path(env("DOCKER_CONFIG")) / "config.json");
  else if (!home.empty())
    files.push_back(fs::path(home) / ".docker/config.json");
  if (!home.empty()) files.push_back(fs::path(home) / ".dockercfg");
  return files;
}

fs::path primary_auth_file(const std::string& explicit_path) {
  if (!explicit_path.empty()) return explicit_path;
  if (!env("REGISTRY_AUTH_FILE").empty()) return env("REGISTRY_AUTH_FILE");
  if (!env("XDG_RUNTIME_DIR").empty()) return fs::path(env("XDG_RUNTIME_DIR")) / "containers/auth.json";
  return fs::path("/run/containers") / std::to_string(::getuid()) / "auth.json";
}

std::vector<std::string> credential_keys(const std::string& registry) {
  std::vector<std::string> keys;
  std::string k = normalize_key(registry);
  keys.push_back(k);
  for (auto slash = k.rfind('/'); slash != std::string::npos; slash = k.rfind('/')) {
    k.resize(slash);
    keys.push_back(k);
  }
  return keys;
}

AuthFileAnswer auth_file_answer(const json& j, bool dockercfg, const std::string& registry) {
  AuthFileAnswer answer;
  if (!j.is_object()) return answer;
  const std::string host = normalize_key(host_of(registry));
  if (auto helpers = j.find("credHelpers"); helpers != j.end() && helpers->is_object())
    for (const auto& [key, helper] : helpers->items())
      if (normalize_key(key) == host && helper.is_string()) {
        answer.helper = helper.get<std::string>();
        return answer;
      }
  // auth.json nests entries under "auths"; the legacy .dockercfg is the map itself.
  const auto auths_member = j.find("auths");
  const json& auths = auths_member != j.end() ? *auths_member : dockercfg ? j : json::object();
  if (auths.is_object()) {
    for (const auto& key : credential_keys(registry))
      for (const auto& [k, entry] : auths.items())
        if (normalize_key(k) == key)
          if (auto c = entry_credentials(entry)) {
            answer.stored = std::move(c);
            return answer;
          }
  }
  if (auto store = j.find("credsStore"); store != j.end() && store->is_string())
    answer.helper = store->get<std::string>();
  return answer;
}

std::optional<Credentials> credentials_from_file(const fs::path& file, const std::string& registry) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  AuthFileAnswer answer = auth_file_answer(read_json_file(file), file.filename() == ".dockercfg", registry);
  if (answer.stored) return answer.stored;
  if (!answer.helper.empty()) return credential_helper_get(answer.helper, normalize_key(host_of(registry)));
  return std::nullopt;
}

std::optional<Credentials> lookup_credentials(const ferry_context& ctx, const std::string& registry) {
  if (!ctx.creds.empty()) {
    auto colon = ctx.creds.find(':');
    return Credentials{ctx.creds.substr(0, colon),
                       colon == std::string::npos ? "" : ctx.creds.substr(colon + 1)};
  }
  auto option = [&](const char* key) {
    auto it = ctx.options.find(key);
    return it == ctx.options.end() ? std::string() : it->second;
  };
  if (option("no-creds") == "true") return std::nullopt;
  for (const auto& file : auth_files_to_read(option("authfile")))
    if (auto c = credentials_from_file(file, registry)) return c;
  return std::nullopt;
}

void store_credentials(const fs::path& file, const std::string& registry, const Credentials& c) {
  json j = read_json_file(file);
  const std::string host = normalize_key(host_of(registry));
  if (j.contains("credHelpers") && j["credHelpers"].is_object())
    for (const auto& [key, helper] : j["credHelpers"].items())
      if (normalize_key(key) == host && helper.is_string())
        return credential_helper_store(helper.get<std::string>(), host, c);
  if (j.contains("auths") && !j["auths"].is_object() && !j["auths"].is_null())
    fail(FERRY_E_INVALID_ARGUMENT, "auth file " + file.string() + ": \"auths\" is not an object");
  j["auths"][registry] = {{"auth", base64::encode(c.user + ":" + c.secret)}};
  write_json_file(file, j);
}

bool remove_credentials(const fs::path& file, const std::string& registry) {
  json j = read_json_file(file);
  const std::string host = normalize_key(host_of(registry));
  if (j.contains("credHelpers") && j["credHelpers"].is_object())
    for (const auto& [key, helper] : j["credHelpers"].items())
      if (normalize_key(key) == host && helper.is_string()) {
        credential_helper_erase(helper.get<std::string>(), host);
        return true;
      }
  if (!j.contains("auths") || !j["auths"].is_object()) return false;
  std::string target = normalize_key(registry);
  bool removed = false;
  for (auto it = j["auths"].begin(); it != j["auths"].end();) {
    if (normalize_key(it.key()) == target) {
      it = j["auths"].erase(it);
      removed = true;
    } else {
      ++it;
    }
  }
  if (removed) write_json_file(file, j);
  return removed;
}

void remove_all_credentials(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return;
  json j = read_json_file(file);
  j["auths"] = json::object();
  write_json_file(file, j);
}

}  // namespace ferry
