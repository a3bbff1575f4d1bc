// One stream connection to the Docker engine: a unix socket or TCP, with TLS
// (OpenSSL) when the address asks for it.
#pragma once

#include "daemon_address.hpp"

#include <cstddef>
#include <memory>

namespace ferry::plugins::docker_daemon {

class DaemonConnection {
 public:
  // Connects now; FERRY_E_IO naming the address when it cannot.
  explicit DaemonConnection(const DaemonAddress& address);
  ~DaemonConnection();
  DaemonConnection(const DaemonConnection&) = delete;
  DaemonConnection& operator=(const DaemonConnection&) = delete;

  void write_all(const void* data, size_t n);
  // Up to cap bytes; 0 when the daemon closed the connection.
  size_t read_some(void* buf, size_t cap);

 private:
  void start_tls(const DaemonAddress& address);
  [[noreturn]] void fail(const std::string& what) const;

  int fd_ = -1;
  std::string label_;
  struct Tls;
  std::unique_ptr<Tls> tls_;
};

}  // namespace ferry::plugins::docker_daemon
