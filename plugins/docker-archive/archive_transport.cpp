// The docker-archive: transport plugin: `docker save` tarballs.
#include "archive_reference.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::docker_archive {

struct DockerArchiveTransport {
  static constexpr const char* name = "docker-archive";
  static constexpr const char* description =
      "a docker save tarball (path[:name:tag|:@index]; gzip, xz or zstd compressed ones read too)";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  // Layers are stored uncompressed, one after another in one tar.
  static constexpr uint32_t destination_flags = FERRY_DEST_WANTS_UNCOMPRESSED;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;
  // An archive may hold many images: they have no identity of their own.
  static constexpr uint32_t transport_flags = FERRY_TRANSPORT_POLICY_SCOPE_NONE;
  static constexpr bool lists_tags = true;  // the tags of the images in the archive
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_reference(text); }
};

}  // namespace ferry::plugins::docker_archive

FERRY_DECLARE_PLUGIN("docker-archive", "0.1.0", ferry::plugins::docker_archive::DockerArchiveTransport)
