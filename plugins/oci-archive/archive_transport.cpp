// The oci-archive: transport plugin: a tar of an OCI image layout.
#include "archive_reference.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::oci_archive {

struct OciArchiveTransport {
  static constexpr const char* name = "oci-archive";
  static constexpr const char* description = "a tar archive of an OCI image layout (path[:reference])";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags =
      FERRY_DEST_CONCURRENT_PUT_BLOB | FERRY_DEST_KEEPS_LISTS | FERRY_DEST_PREFERS_COMPRESSED;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;
  static constexpr uint32_t transport_flags = FERRY_TRANSPORT_POLICY_SCOPE_PATH;
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_reference(text); }
};

}  // namespace ferry::plugins::oci_archive

FERRY_DECLARE_PLUGIN("oci-archive", "0.1.0", ferry::plugins::oci_archive::OciArchiveTransport)
