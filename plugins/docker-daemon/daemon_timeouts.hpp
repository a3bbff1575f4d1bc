// How long the Docker engine may keep ferry waiting. Without these a daemon
// that accepts and never answers holds ferry until --command-timeout, or for
// ever.
#pragma once

namespace ferry::plugins::docker_daemon {

struct DaemonTimeouts {
  // Connecting (unix socket or TCP), the TLS handshake, and the answer to
  // /_ping: what a daemon that works does at once. 30 s, as Go's dialer.
  int connect_seconds = 30;
  // No byte for this long while a request is sent or its answer read. Long,
  // because the engine is silent while it works: it starts `docker save`'s
  // tar only once it has exported the image, and answers `docker load` (quiet)
  // only when the image is loaded.
  int idle_seconds = 600;
};

// The defaults, or FERRY_DAEMON_CONNECT_TIMEOUT and FERRY_DAEMON_TIMEOUT
// (whole seconds; the fault tests set them low).
DaemonTimeouts daemon_timeouts();

}  // namespace ferry::plugins::docker_daemon
