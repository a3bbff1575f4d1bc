// One HTTP/1.1 request and its response over a daemon connection: enough of
// HTTP for the Engine API (Content-Length and chunked bodies both ways,
// "Connection: close", so one exchange per connection).
#pragma once

#include "daemon_connection.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ferry::plugins::docker_daemon {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
};

class HttpExchange {
 public:
  explicit HttpExchange(DaemonConnection& conn) : conn_(conn) {}

  // The request line and headers. With a chunked body, send it with
  // send_chunk and end_body; otherwise the request has no body.
  void send_head(const std::string& method, const std::string& target,
                 const std::vector<std::pair<std::string, std::string>>& headers, bool chunked_body);
  void send_chunk(const void* data, size_t n);
  void end_body();

  HttpResponse read_head();
  // Up to cap bytes of the response body; 0 at its end.
  size_t read_body(void* buf, size_t cap);
  // The whole body, at most `limit` bytes (the rest is dropped).
  std::string read_body_all(size_t limit);

 private:
  bool fill();
  std::string read_line();
  size_t take(void* buf, size_t cap);

  DaemonConnection& conn_;
  std::string buf_;
  size_t pos_ = 0;
  bool chunked_ = false;
  bool until_close_ = false;
  uint64_t left_ = 0;  // of the current chunk, or of the Content-Length body
  bool done_ = false;
};

}  // namespace ferry::plugins::docker_daemon
