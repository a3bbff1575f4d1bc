#include "archive_reference.hpp"

#include "archive_destination.hpp"

#include <ferry/docker_save/archive_file.hpp>
#include <ferry/docker_save/archive_source.hpp>
#include <ferry/docker_save/tar_manifest.hpp>

namespace ferry::plugins::docker_archive {

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text) {
  return std::make_unique<ArchiveReference>(parse_archive_name(text));
}

std::optional<std::string> ArchiveReference::docker_reference() const {
  if (!name_.ref) return std::nullopt;
  return name_.ref->str();
}

std::unique_ptr<sdk::Source> ArchiveReference::open_source(const sdk::Context& ctx) const {
  auto file = std::make_unique<docker_save::ArchiveFile>(name_.path, name_.path, ctx);
  return std::make_unique<docker_save::ArchiveSource>(std::move(file), name_.ref, name_.index);
}

std::unique_ptr<sdk::Destination> ArchiveReference::open_destination(const sdk::Context& ctx) const {
  if (name_.index)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "Destination reference must not contain a manifest index @" +
                                                   std::to_string(*name_.index));
  std::vector<DockerReference> tags;
  if (name_.ref) tags.push_back(*name_.ref);
  for (auto& t : additional_tags(ctx))
    if (!name_.ref || t.str() != name_.ref->str()) tags.push_back(std::move(t));
  return std::make_unique<ArchiveDestination>(name_.path, std::move(tags), ctx);
}

std::vector<std::string> ArchiveReference::list_tags(const sdk::Context& ctx) const {
  docker_save::ArchiveFile file(name_.path, name_.path, ctx);
  docker_save::TarIndex index(file.fd(), file.size(), file.label());
  return docker_save::archive_tags(docker_save::read_tar_manifest(index));
}

}  // namespace ferry::plugins::docker_archive
