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
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_reference(text); }
};

}  // namespace ferry::plugins::oci

FERRY_DECLARE_PLUGIN("oci", "0.1.0", ferry::plugins::oci::OciTransport)
