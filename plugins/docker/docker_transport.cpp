// The docker transport plugin: images in a registry speaking the Docker
// Registry HTTP API v2 / the OCI distribution spec.
#include "docker_image.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::docker {

struct DockerTransport {
  static constexpr const char* name = "docker";
  static constexpr const char* description = "a registry implementing the Docker Registry HTTP API V2 (//name[:tag|@digest])";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags =
      FERRY_DEST_CONCURRENT_PUT_BLOB | FERRY_DEST_KEEPS_LISTS | FERRY_DEST_PREFERS_COMPRESSED;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_docker_image(text); }
  static void check_login(const std::string& server, const sdk::Context& ctx) { docker::check_login(server, ctx); }
};

}  // namespace ferry::plugins::docker

FERRY_DECLARE_PLUGIN("docker", "0.1.0", ferry::plugins::docker::DockerTransport)
