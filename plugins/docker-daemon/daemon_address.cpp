#include "daemon_address.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace ferry::plugins::docker_daemon {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// docker's names (ca.pem, cert.pem, key.pem) or the containers tools' (*.crt,
// *.cert, *.key).
void find_certs(const fs::path& dir, DaemonAddress& a) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "the TLS certificate directory " + dir.string() + " does not exist");
  auto pick = [&](const char* name, std::string& out) {
    if (fs::exists(dir / name, ec)) out = (dir / name).string();
  };
  pick("ca.pem", a.ca_file);
  pick("cert.pem", a.cert_file);
  pick("key.pem", a.key_file);
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string ext = e.path().extension().string();
    if (ext == ".crt" && a.ca_file.empty()) a.ca_file = e.path().string();
    if (ext == ".cert" && a.cert_file.empty()) {
      fs::path key = e.path();
      key.replace_extension(".key");
      if (!fs::exists(key, ec))
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                         "client certificate " + e.path().string() + " has no key " + key.string());
      a.cert_file = e.path().string();
      a.key_file = key.string();
    }
  }
}

}  // namespace

DaemonAddress daemon_address(const sdk::Context& ctx) {
  DaemonAddress a;
  std::string text = ctx.option("daemon-host").value_or("");
  if (text.empty()) text = env("DOCKER_HOST");
  if (text.empty()) text = "unix:///var/run/docker.sock";
  a.label = text;

  size_t sep = text.find("://");
  if (sep == std::string::npos)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "docker daemon address \"" + text +
                                                   "\" is not of the form unix:///path or tcp://host:port");
  std::string scheme = text.substr(0, sep), rest = text.substr(sep + 3);
  if (scheme == "unix") {
    if (rest.empty())
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "docker daemon address \"" + text + "\" names no socket");
    a.path = rest;
    return a;
  }
  if (scheme != "tcp" && scheme != "http" && scheme != "https")
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "docker daemon address \"" + text +
                                                   "\": unsupported scheme \"" + scheme +
                                                   "\" (use unix://, tcp://, http:// or https://)");
  a.unix_socket = false;
  if (size_t slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  size_t colon = rest.rfind(':');
  if (colon == std::string::npos || rest.back() == ']') {
    a.host = rest;
    a.port = "2375";
  } else {
    a.host = rest.substr(0, colon);
    a.port = rest.substr(colon + 1);
  }
  if (a.host.size() > 1 && a.host.front() == '[') a.host = a.host.substr(1, a.host.size() - 2);
  if (a.host.empty())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "docker daemon address \"" + text + "\" names no host");

  auto cert_dir = ctx.option("cert-dir");
  std::string env_certs = env("DOCKER_CERT_PATH");
  bool env_verify = !env("DOCKER_TLS_VERIFY").empty();
  auto tls_verify = ctx.option("tls-verify");
  a.tls =
      scheme == "https" || (scheme == "tcp" && (cert_dir || env_verify || !env_certs.empty() || tls_verify));
  if (!a.tls) return a;
  // The docker CLI verifies only with DOCKER_TLS_VERIFY; an explicit option wins.
  a.verify = tls_verify ? *tls_verify != "false" : (env_verify || cert_dir || scheme == "https");
  std::string dir = cert_dir ? *cert_dir : env_certs;
  if (dir.empty() && env_verify) dir = env("HOME") + "/.docker";
  if (!dir.empty()) find_certs(dir, a);
  return a;
}

}  // namespace ferry::plugins::docker_daemon
