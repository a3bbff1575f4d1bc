// The tarball: transport plugin: an image made of plain or gzip layer files.
// It is read only, as in skopeo: opening it as a destination fails with
// skopeo's words.
#include "tarball_reference.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::tarball {

struct TarballTransport {
  static constexpr const char* name = "tarball";
  static constexpr const char* description =
      "layer files made into one image (file[:file...]; plain or gzip)";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags = 0;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;  // only to refuse in open_destination
  static constexpr uint32_t transport_flags = FERRY_TRANSPORT_POLICY_SCOPE_NONE;
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_reference(text); }
};

}  // namespace ferry::plugins::tarball

FERRY_DECLARE_PLUGIN("tarball", "0.1.0", ferry::plugins::tarball::TarballTransport)
