// The docker-daemon: transport plugin: images in a Docker engine (or anything
// speaking its API, such as podman system service).
#include "daemon_reference.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::docker_daemon {

struct DockerDaemonTransport {
  static constexpr const char* name = "docker-daemon";
  static constexpr const char* description =
      "an image in a Docker engine (name:tag, or sha256:<image id> to read; --daemon-host or $DOCKER_HOST)";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags = FERRY_DEST_WANTS_UNCOMPRESSED;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;
  static constexpr uint32_t transport_flags = FERRY_TRANSPORT_POLICY_SCOPE_NAME_OR_ID;
  static constexpr uint32_t everywhere = FERRY_OPTION_SOURCE | FERRY_OPTION_DESTINATION | FERRY_OPTION_IMAGE;
  static constexpr ferry_option options[] = {
      sdk::option("daemon-host", FERRY_OPTION_STRING, everywhere, "HOST",
                  "use docker daemon host at HOST (docker-daemon: only)"),
      sdk::option("cert-dir", FERRY_OPTION_STRING, everywhere, "PATH",
                  "use certificates at PATH (*.crt, *.cert, *.key) to connect to the registry or daemon"),
      sdk::option("tls-verify", FERRY_OPTION_BOOL, everywhere, nullptr,
                  "require HTTPS and verify certificates when talking to the container registry or daemon"),
  };
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_reference(text); }
};

}  // namespace ferry::plugins::docker_daemon

FERRY_DECLARE_PLUGIN("docker-daemon", "0.1.0", ferry::plugins::docker_daemon::DockerDaemonTransport)
