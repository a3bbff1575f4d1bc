// The ostree: transport plugin: images in an ostree repository, laid out as
// containers/image's ostree transport lays them out (docs/ostree.md).
#include "ostree_reference.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::ostree {

struct OstreeTransport {
  static constexpr const char* name = "ostree";
  static constexpr const char* description =
      "an image in an ostree repository, one commit per layer (name[:tag][@/absolute/repo])";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  // Layers are imported in parallel, as many at once as there are cores.
  static constexpr uint32_t destination_flags = FERRY_DEST_CONCURRENT_PUT_BLOB | FERRY_DEST_CPU_BOUND;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;
  static constexpr bool stores_signatures = true;  // signature-N files in the image commit
  static constexpr ferry_option options[] = {
      sdk::option("ostree-tmp-dir", FERRY_OPTION_STRING, FERRY_OPTION_DESTINATION, nullptr,
                  "directory to use for OSTree temporary files"),
  };
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_reference(text); }
};

}  // namespace ferry::plugins::ostree

FERRY_DECLARE_PLUGIN("ostree", "0.1.0", ferry::plugins::ostree::OstreeTransport)
