// HTTP/1.1 over Poco with keep-alive connection reuse: a response that was
// read to its end gives its connection back to the pool, so sequential
// requests share one connection and parallel ones get one each.
#pragma once

#include "network_timeouts.hpp"
#include "tls_settings.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPResponse.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ferry::plugins::docker {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;
  uint16_t port = 0;
  std::string target;  // path and query, "/v2/..."

  static Url parse(const std::string& text);  // throws std::invalid_argument
  std::string authority() const;              // host[:port] as in the URL
  std::string str() const;
  Url resolve(const std::string& location) const;  // relative or absolute Location
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// The request body: fixed bytes, or a producer of unknown length (sent
// chunked) or known length. The producer returns 0 at the end.
struct RequestBody {
  std::string bytes;
  std::function<size_t(char*, size_t)> producer;
  int64_t length = -1;
};

// The connection failed, timed out, closed early or TLS was refused. Its text
// says what happened in ferry's words ("no data for 60 s"), never Poco's alone.
class NetworkError : public std::runtime_error {
 public:
  NetworkError(const std::string& what, bool tls_refused = false)
      : std::runtime_error(what), tls_refused_(tls_refused) {}
  bool tls_refused() const { return tls_refused_; }  // retrying will not help

 private:
  bool tls_refused_;
};

class ConnectionPool;

// Moves message bodies straight between the socket and the caller's buffer:
// Poco's body streams go through 4 KiB buffers, a system call per 4 KiB.
class DirectIo {
 public:
  virtual ~DirectIo() = default;
  virtual int read_direct(char* buf, std::streamsize n) = 0;  // 0 when the peer closed
  virtual void write_direct(const char* buf, std::streamsize n) = 0;
};

class HttpResponse {
 public:
  HttpResponse(std::shared_ptr<ConnectionPool> pool, std::string key,
               std::unique_ptr<Poco::Net::HTTPClientSession> session);
  ~HttpResponse();
  HttpResponse(const HttpResponse&) = delete;
  HttpResponse& operator=(const HttpResponse&) = delete;

  int status() const { return static_cast<int>(head_.getStatus()); }
  std::string reason() const { return head_.getReason(); }
  std::string header(const std::string& name) const;  // "" when absent
  std::vector<std::string> headers(const std::string& name) const;
  int64_t content_length() const;  // -1 when unknown

  // Up to cap bytes; 0 at the end. Throws NetworkError when the connection
  // breaks or closes before Content-Length bytes arrived.
  size_t read(char* buf, size_t cap);
  std::string read_all(size_t limit);  // throws NetworkError beyond limit
  Poco::Net::HTTPResponse& head() { return head_; }

 private:
  friend class HttpClient;
  std::shared_ptr<ConnectionPool> pool_;
  std::string key_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  Poco::Net::HTTPResponse head_;
  int idle_seconds_ = 0;  // for messages
  std::istream* body_ = nullptr;
  DirectIo* direct_ = nullptr;  // set when the body has a Content-Length
  bool done_ = false;
  bool broken_ = false;  // a read failed (timed out, reset): draining would only wait again
  int64_t received_ = 0;
};

struct HttpOptions {
  TlsSettings tls;
  std::string user_agent = "ferry";
  NetworkTimeouts timeouts;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  // Sends one request and returns once the response head arrived.
  std::unique_ptr<HttpResponse> send(const std::string& method, const Url& url, const Headers& headers,
                                     RequestBody* body = nullptr);
  const HttpOptions& options() const { return options_; }

 private:
  HttpOptions options_;
  std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace ferry::plugins::docker
