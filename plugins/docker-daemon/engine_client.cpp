#include "engine_client.hpp"

#include "daemon_connection.hpp"
#include "engine_answers.hpp"
#include "http_exchange.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

namespace ferry::plugins::docker_daemon {

namespace {

constexpr size_t buffer_size = 1024 * 1024;
// Newer versions change nothing these calls need; 1.41 is docker 20.10's and podman's.
constexpr int newest_minor = 41;

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

}  // namespace

EngineClient::EngineClient(DaemonAddress address, sdk::Context ctx)
    : address_(std::move(address)), ctx_(ctx), timeouts_(daemon_timeouts()) {
  // A daemon that works answers /_ping at once: it is part of connecting.
  DaemonConnection conn(address_, {timeouts_.connect_seconds, timeouts_.connect_seconds});
  HttpExchange x(conn);
  x.send_head("GET", "/_ping", {}, false);
  HttpResponse r = x.read_head();
  std::string body = x.read_body_all(4096);
  if (r.status != 200)
    throw sdk::Error(FERRY_E_IO, "the docker daemon at " + address_.label + " answered /_ping with HTTP " +
                                     std::to_string(r.status) + ": " + error_message(body));
  auto v = r.headers.find("api-version");
  int major = 0, minor = 0;
  if (v != r.headers.end() && std::sscanf(v->second.c_str(), "%d.%d", &major, &minor) == 2 && major == 1 &&
      minor >= 22)
    version_ = "1." + std::to_string(std::min(minor, newest_minor));
}

void EngineClient::save_image(const std::string& name, file_io::TempFile& out) {
  DaemonConnection conn(address_, timeouts_);
  HttpExchange x(conn);
  x.send_head("GET", api("/images/get?names=" + url_encode(name)), {}, false);
  HttpResponse r = x.read_head();
  if (r.status != 200) {
    std::string msg = error_message(x.read_body_all(64 * 1024));
    throw sdk::Error(status_code(r.status),
                     "docker daemon at " + address_.label + " cannot save image " + name + ": " + msg);
  }
  auto buf = std::make_unique<char[]>(buffer_size);
  while (size_t n = x.read_body(buf.get(), buffer_size)) {
    if (ctx_.cancelled())
      throw sdk::Error(FERRY_E_CANCELLED, "reading image " + name + " from the daemon was cancelled");
    out.write(buf.get(), n);
  }
}

std::unique_ptr<ImageLoad> EngineClient::image_load() const {
  return std::make_unique<ImageLoad>(address_, timeouts_, api("/images/load?quiet=1"));
}

}  // namespace ferry::plugins::docker_daemon
