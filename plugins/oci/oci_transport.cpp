// The oci: transport plugin: OCI image layout directories.
#include "oci_reference.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::oci {

struct OciTransport {
  static constexpr const char* name = "oci";
  static constexpr const char* description = "an OCI image layout directory (path[:reference])";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags =
      FERRY_DEST_CONCURRENT_PUT_BLOB | FERRY_DEST_KEEPS_LISTS | FERRY_DEST_PREFERS_COMPRESSED;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;
  static constexpr uint32_t transport_flags = FERRY_TRANSPORT_POLICY_SCOPE_PATH;
  static constexpr ferry_option options[] = {
      sdk::option("shared-blob-dir", FERRY_OPTION_STRING,
                  FERRY_OPTION_SOURCE | FERRY_OPTION_DESTINATION | FERRY_OPTION_IMAGE, "DIRECTORY",
                  "DIRECTORY to use to share blobs across OCI repositories"),
      sdk::option("oci-accept-uncompressed-layers", FERRY_OPTION_BOOL, FERRY_OPTION_DESTINATION, nullptr,
                  "Allow uncompressed image layers when saving to an OCI image using the 'oci' transport"),
      sdk::option("signatures-as-referrers", FERRY_OPTION_BOOL, FERRY_OPTION_DESTINATION, nullptr,
                  "Store signatures in the layout as OCI 1.1 referrers of the manifests they sign"),
  };
  // With signatures-as-referrers (the layout's writer says so per copy).
  static constexpr bool stores_signatures = true;
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_reference(text); }
};

}  // namespace ferry::plugins::oci

FERRY_DECLARE_PLUGIN("oci", "0.1.0", ferry::plugins::oci::OciTransport)
