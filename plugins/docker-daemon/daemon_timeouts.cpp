#include "daemon_timeouts.hpp"

#include <cstdlib>

namespace ferry::plugins::docker_daemon {

namespace {

int seconds_from_env(const char* name, int fallback) {
  const char* v = std::getenv(name);
  int t = v ? std::atoi(v) : 0;
  return t > 0 ? t : fallback;
}

}  // namespace

DaemonTimeouts daemon_timeouts() {
  DaemonTimeouts t;
  t.connect_seconds = seconds_from_env("FERRY_DAEMON_CONNECT_TIMEOUT", t.connect_seconds);
  t.idle_seconds = seconds_from_env("FERRY_DAEMON_TIMEOUT", t.idle_seconds);
  return t;
}

}  // namespace ferry::plugins::docker_daemon
