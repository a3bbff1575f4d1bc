// The docker transport plugin: images in a registry speaking the Docker
// Registry HTTP API v2 / the OCI distribution spec.
#include "docker_image.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::docker {

struct DockerTransport {
  static constexpr const char* name = "docker";
  static constexpr const char* description =
      "a registry implementing the Docker Registry HTTP API V2 (//name[:tag|@digest])";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags =
      FERRY_DEST_CONCURRENT_PUT_BLOB | FERRY_DEST_KEEPS_LISTS | FERRY_DEST_PREFERS_COMPRESSED;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;
  static constexpr bool stores_signatures =
      true;  // lookaside and sigstore attachments (registries.d), or referrers
  static constexpr bool lists_tags = true;
  static constexpr uint32_t transport_flags =
      FERRY_TRANSPORT_REPOSITORY_TAGS | FERRY_TRANSPORT_POLICY_SCOPE_REGISTRY;
  static constexpr uint32_t everywhere = FERRY_OPTION_SOURCE | FERRY_OPTION_DESTINATION | FERRY_OPTION_IMAGE;
  // Named and worded as skopeo's flags; their values arrive as context options.
  static constexpr ferry_option options[] = {
      sdk::option("authfile", FERRY_OPTION_STRING, everywhere | FERRY_OPTION_SHARED, "FILE",
                  "path of the authentication file. Default is ${XDG_RUNTIME_DIR}/containers/auth.json"),
      sdk::option("creds", FERRY_OPTION_STRING, everywhere, "USERNAME[:PASSWORD]",
                  "use USERNAME[:PASSWORD] for accessing the registry"),
      sdk::option("username", FERRY_OPTION_STRING, everywhere, "USERNAME",
                  "the username for accessing the registry"),
      sdk::option("password", FERRY_OPTION_STRING, everywhere, "PASSWORD",
                  "the password for accessing the registry"),
      sdk::option("registry-token", FERRY_OPTION_STRING, everywhere, "TOKEN",
                  "provide a Bearer token for accessing the registry"),
      sdk::option("no-creds", FERRY_OPTION_BOOL, everywhere, nullptr, "access the registry anonymously"),
      sdk::option("cert-dir", FERRY_OPTION_STRING, everywhere, "PATH",
                  "use certificates at PATH (*.crt, *.cert, *.key) to connect to the registry or daemon"),
      sdk::option("tls-verify", FERRY_OPTION_BOOL, everywhere, nullptr,
                  "require HTTPS and verify certificates when talking to the container registry or daemon"),
      sdk::option("precompute-digests", FERRY_OPTION_BOOL, FERRY_OPTION_DESTINATION, nullptr,
                  "Precompute digests to prevent uploading layers already on the registry"),
      sdk::option("signatures-as-referrers", FERRY_OPTION_BOOL,
                  FERRY_OPTION_SOURCE | FERRY_OPTION_DESTINATION | FERRY_OPTION_IMAGE, nullptr,
                  "Read and store signatures as OCI 1.1 referrers of the manifests they sign"),
  };
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_docker_image(text); }
  static void check_login(const std::string& server, const sdk::Context& ctx) {
    docker::check_login(server, ctx);
  }
};

}  // namespace ferry::plugins::docker

FERRY_DECLARE_PLUGIN("docker", "0.1.0", ferry::plugins::docker::DockerTransport)
