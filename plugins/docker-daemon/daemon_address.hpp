// Where the Docker engine is and how to talk to it: the "daemon-host" option
// (--daemon-host, --src-/--dest-daemon-host), else $DOCKER_HOST (which skopeo
// ignores and the docker CLI honours), else unix:///var/run/docker.sock.
// TLS follows the docker CLI: https://, or tcp:// with $DOCKER_TLS_VERIFY,
// $DOCKER_CERT_PATH or the "cert-dir" option; "tls-verify=false" turns off
// verification of the daemon's certificate.
#pragma once

#include <ferry/plugin.hpp>

#include <string>

namespace ferry::plugins::docker_daemon {

struct DaemonAddress {
  bool unix_socket = true;
  std::string path;  // the socket, for unix://
  std::string host;  // for tcp://
  std::string port;
  bool tls = false;
  bool verify = true;
  std::string ca_file, cert_file, key_file;  // "" when absent
  std::string label;                         // as given, for errors
};

// Throws FERRY_E_INVALID_ARGUMENT for an address it cannot use.
DaemonAddress daemon_address(const sdk::Context& ctx);

}  // namespace ferry::plugins::docker_daemon
