// The dir: transport plugin: skopeo's directory layout.
#include "dir_reference.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::dir {

struct DirTransport {
  static constexpr const char* name = "dir";
  static constexpr const char* description = "a directory of manifest.json and blob files (path)";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags = FERRY_DEST_CONCURRENT_PUT_BLOB | FERRY_DEST_KEEPS_LISTS;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;
  static constexpr uint32_t transport_flags = FERRY_TRANSPORT_POLICY_SCOPE_PATH;
  static constexpr bool stores_signatures = true;  // signature-N files
  static constexpr ferry_option options[] = {
      sdk::option("compress", FERRY_OPTION_BOOL, FERRY_OPTION_DESTINATION, nullptr,
                  "Compress tarball image layers when saving to directory using the 'dir' transport"),
      sdk::option("decompress", FERRY_OPTION_BOOL, FERRY_OPTION_DESTINATION, nullptr,
                  "Decompress tarball image layers when saving to directory using the 'dir' transport"),
  };
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_reference(text); }
};

}  // namespace ferry::plugins::dir

FERRY_DECLARE_PLUGIN("dir", "0.1.0", ferry::plugins::dir::DirTransport)
