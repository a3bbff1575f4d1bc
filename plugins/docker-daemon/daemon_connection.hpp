// One stream connection to the Docker engine: a unix socket or TCP, with TLS
// (OpenSSL) when the address asks for it. Connecting and the handshake are
// bounded by the connect timeout, every read and write after that by the
// idle timeout: a silent daemon is an error naming it, not a hang.
#pragma once

#include "daemon_address.hpp"
#include "daemon_timeouts.hpp"

#include <cstddef>
#include <memory>

namespace ferry::plugins::docker_daemon {

class DaemonConnection {
 public:
  // Connects now; FERRY_E_IO naming the address when it cannot.
  DaemonConnection(const DaemonAddress& address, const DaemonTimeouts& timeouts);
  ~DaemonConnection();
  DaemonConnection(const DaemonConnection&) = delete;
  DaemonConnection& operator=(const DaemonConnection&) = delete;

  void write_all(const void* data, size_t n);
  // Up to cap bytes; 0 when the daemon closed the connection.
  size_t read_some(void* buf, size_t cap);

 private:
  void start_tls(const DaemonAddress& address);
  void connect_tcp(const DaemonAddress& address);
  [[noreturn]] void fail(const std::string& what) const;
  // "reading from the docker daemon at ADDRESS: no data for N s"
  [[noreturn]] void timed_out(const std::string& doing, const std::string& what, int seconds) const;

  int fd_ = -1;
  std::string label_;
  DaemonTimeouts timeouts_;
  struct Tls;
  std::unique_ptr<Tls> tls_;
};

}  // namespace ferry::plugins::docker_daemon
