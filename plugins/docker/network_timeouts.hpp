// How long a registry may keep ferry waiting before the connection counts as
// dropped (and the request is retried, or the blob resumed, as retry_policy
// allows). Without these a registry that accepts and never answers holds a
// copy until --command-timeout, or for ever.
#pragma once

namespace ferry::plugins::docker {

struct NetworkTimeouts {
  // TCP connect, and then the TLS handshake, each: Go's net.Dialer, which
  // skopeo uses, gives a dial 30 s.
  int connect_seconds = 30;
  // No byte arrived (or could be sent) for this long while a request was
  // sent or its answer read.
  int idle_seconds = 60;
  // After the last byte of an upload: a registry may verify and move a large
  // blob before it answers, so this is ten times the idle timeout.
  int upload_answer_seconds() const { return idle_seconds * 10; }
};

// The defaults, or FERRY_REGISTRY_CONNECT_TIMEOUT and FERRY_REGISTRY_TIMEOUT
// (whole seconds; the fault tests set them low).
NetworkTimeouts network_timeouts();

}  // namespace ferry::plugins::docker
