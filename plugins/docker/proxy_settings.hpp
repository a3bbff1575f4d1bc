// HTTP(S)_PROXY / NO_PROXY from the environment, with Go's rules (the
// containers tools use Go's): loopback is never proxied.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ferry::plugins::docker {

struct ProxyServer {
  std::string host;
  uint16_t port = 0;
  std::string user, password;
};

// The proxy for a request to scheme://host:port, if any.
std::optional<ProxyServer> proxy_for(const std::string& scheme, const std::string& host, uint16_t port);

}  // namespace ferry::plugins::docker
