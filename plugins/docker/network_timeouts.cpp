#include "network_timeouts.hpp"

#include <cstdlib>

namespace ferry::plugins::docker {

namespace {

int seconds_from_env(const char* name, int fallback) {
  const char* v = std::getenv(name);
  int t = v ? std::atoi(v) : 0;
  return t > 0 ? t : fallback;
}

}  // namespace

NetworkTimeouts network_timeouts() {
  NetworkTimeouts t;
  t.connect_seconds = seconds_from_env("FERRY_REGISTRY_CONNECT_TIMEOUT", t.connect_seconds);
  t.idle_seconds = seconds_from_env("FERRY_REGISTRY_TIMEOUT", t.idle_seconds);
  return t;
}

}  // namespace ferry::plugins::docker
