// POST /images/load (docker load) with the docker-save tar as its chunked
// body, sent as the tar is written: the request starts with its first byte,
// and complete() ends the body and reads the daemon's verdict. Destroyed
// before that, the connection closes in the middle of the body: the daemon
// reads a truncated tar, fails the load and tags nothing.
#pragma once

#include "daemon_address.hpp"
#include "daemon_connection.hpp"
#include "daemon_timeouts.hpp"
#include "http_exchange.hpp"

#include <ferry/docker_save/tar_sink.hpp>

#include <memory>
#include <string>

namespace ferry::plugins::docker_daemon {

class ImageLoad : public docker_save::TarSink {
 public:
  // `target` is the request target, /v1.NN/images/load?quiet=1.
  ImageLoad(DaemonAddress address, DaemonTimeouts timeouts, std::string target);

  void append(const void* data, size_t n) override;
  void complete() override;

 private:
  void start();
  void send(const void* data, size_t n);
  void flush();
  // After a failed send: the daemon may have said why it hung up.
  [[noreturn]] void send_failed(const std::string& why);

  DaemonAddress address_;
  DaemonTimeouts timeouts_;
  std::string target_;
  std::unique_ptr<DaemonConnection> conn_;
  std::unique_ptr<HttpExchange> exchange_;
  std::string pending_;  // small entries (headers, padding, JSON) gathered into one chunk
};

}  // namespace ferry::plugins::docker_daemon
