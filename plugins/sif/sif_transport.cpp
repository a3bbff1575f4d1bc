// The sif: transport plugin: SingularityCE / Apptainer images, read only.
#include "sif_reference.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::sif {

struct SifTransport {
  static constexpr const char* name = "sif";
  static constexpr const char* description = "a SingularityCE/Apptainer SIF image file (path; read only)";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags = 0;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;  // only to refuse in open_destination, with skopeo's words
  static constexpr uint32_t transport_flags = FERRY_TRANSPORT_POLICY_SCOPE_PATH;
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) { return parse_reference(text); }
};

}  // namespace ferry::plugins::sif

FERRY_DECLARE_PLUGIN("sif", "0.1.0", ferry::plugins::sif::SifTransport)
