#include "dir_reference.hpp"

#include "dir_destination.hpp"
#include "dir_source.hpp"

#include <filesystem>
#include <system_error>

namespace ferry::plugins::dir {

namespace fs = std::filesystem;

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text) {
  if (text.empty()) throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "invalid dir reference: the path is empty");
  return std::make_unique<DirReference>(std::string(text));
}

std::optional<std::string> DirReference::policy_scope() const {
  // Absolute with symlinks resolved, so that one directory has one scope.
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path_), ec);
  if (ec) p = fs::absolute(path_).lexically_normal();
  return p.string();
}

std::unique_ptr<sdk::Source> DirReference::open_source(const sdk::Context& ctx) const {
  (void)ctx;
  return std::make_unique<DirSource>(path_);
}

std::unique_ptr<sdk::Destination> DirReference::open_destination(const sdk::Context& ctx) const {
  // "compress" / "decompress" are applied by the host before put_blob.
  return std::make_unique<DirDestination>(path_, ctx);
}

}  // namespace ferry::plugins::dir
