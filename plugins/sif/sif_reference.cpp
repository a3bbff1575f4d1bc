#include "sif_reference.hpp"

#include "sif_source.hpp"

#include <filesystem>
#include <system_error>

namespace ferry::plugins::sif {

namespace fs = std::filesystem;

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text) {
  if (text.empty()) throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "invalid sif reference: the path is empty");
  return std::make_unique<SifReference>(std::string(text));
}

std::optional<std::string> SifReference::policy_scope() const {
  // Absolute with symlinks resolved, so that one file has one scope.
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path_), ec);
  if (ec) p = fs::absolute(path_).lexically_normal();
  return p.string();
}

std::unique_ptr<sdk::Source> SifReference::open_source(const sdk::Context& ctx) const {
  return std::make_unique<SifSource>(path_, ctx);
}

std::unique_ptr<sdk::Destination> SifReference::open_destination(const sdk::Context& ctx) const {
  (void)ctx;
  throw sdk::Error(FERRY_E_NOT_SUPPORTED, "\"sif:\" locations can only be read from, not written to");
}

void SifReference::delete_image(const sdk::Context& ctx) const {
  (void)ctx;
  throw sdk::Error(FERRY_E_NOT_SUPPORTED, "Deleting images not implemented for sif: images");
}

}  // namespace ferry::plugins::sif
