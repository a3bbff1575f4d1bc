#include "archive_reference.hpp"

#include "archive_destination.hpp"
#include "archive_source.hpp"

#include <filesystem>
#include <system_error>

namespace ferry::plugins::oci_archive {

namespace fs = std::filesystem;

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text) {
  return std::make_unique<ArchiveReference>(oci_layout::parse_layout_name(text, "oci-archive", false));
}

std::optional<std::string> ArchiveReference::policy_scope() const {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(name_.path), ec);
  if (ec) p = fs::absolute(name_.path).lexically_normal();
  return p.string();
}

std::unique_ptr<sdk::Source> ArchiveReference::open_source(const sdk::Context& ctx) const {
  return std::make_unique<ArchiveSource>(name_.path, name_, ctx);
}

std::unique_ptr<sdk::Destination> ArchiveReference::open_destination(const sdk::Context& ctx) const {
  return std::make_unique<ArchiveDestination>(name_.path, name_.ref, ctx);
}

}  // namespace ferry::plugins::oci_archive
