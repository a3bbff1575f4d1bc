// An image in a `docker save` tarball: docker-archive:path[:name:tag|:@index].
#pragma once

#include "archive_name.hpp"

#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::docker_archive {

class ArchiveReference : public sdk::Reference {
 public:
  explicit ArchiveReference(ArchiveName name) : name_(std::move(name)) {}

  std::string to_string() const override { return name_.to_string(); }
  // The tag reference, for inspect's Name; none for an @index.
  std::optional<std::string> docker_reference() const override;
  // No policy scope of its own, as in the containers tools (default scope only).
  std::unique_ptr<sdk::Source> open_source(const sdk::Context& ctx) const override;
  std::unique_ptr<sdk::Destination> open_destination(const sdk::Context& ctx) const override;
  // Every image's RepoTags entries, "@N" for an untagged one.
  std::vector<std::string> list_tags(const sdk::Context& ctx) const override;

 private:
  ArchiveName name_;
};

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text);

}  // namespace ferry::plugins::docker_archive
