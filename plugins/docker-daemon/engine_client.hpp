// The three Docker Engine API calls this transport makes: /_ping (to agree on
// an API version), GET /images/get (docker save) and POST /images/load
// (docker load). Both images calls stream their tar.
#pragma once

#include "daemon_address.hpp"
#include "daemon_timeouts.hpp"
#include "image_load.hpp"

#include <ferry/file_io/temp_file.hpp>
#include <ferry/plugin.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace ferry::plugins::docker_daemon {

class EngineClient {
 public:
  // Pings the daemon now, so an unreachable one fails before any copying.
  EngineClient(DaemonAddress address, sdk::Context ctx);

  // Writes `docker save <name>` into `out`. FERRY_E_NOT_FOUND when the daemon
  // has no such image.
  void save_image(const std::string& name, file_io::TempFile& out);

  // A `docker load` of the tar written into it, which starts when its first
  // byte is. A load the daemon refuses fails with its message, also when it
  // says so in a 200 response.
  std::unique_ptr<ImageLoad> image_load() const;

  const std::string& label() const { return address_.label; }

 private:
  std::string api(const std::string& path) const { return "/v" + version_ + path; }

  DaemonAddress address_;
  sdk::Context ctx_;
  DaemonTimeouts timeouts_;
  std::string version_ = "1.22";  // what skopeo speaks; raised by /_ping
};

}  // namespace ferry::plugins::docker_daemon
