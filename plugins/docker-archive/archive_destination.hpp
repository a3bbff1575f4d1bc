// Writing an image as a docker-archive: the tar is built beside the target
// (or under --tmpdir when the target is a pipe or device) and renamed over it
// at commit, so a failed copy leaves the target as it was. The archive holds
// this one image (and its --additional-tag names).
#pragma once

#include <ferry/docker_save/archive_writer.hpp>
#include <ferry/docker_reference/docker_reference.hpp>

#include <filesystem>
#include <vector>

namespace ferry::plugins::docker_archive {

class ArchiveDestination : public docker_save::ArchiveWriter {
 public:
  ArchiveDestination(const std::filesystem::path& target, std::vector<DockerReference> tags,
                     sdk::Context ctx);
};

// The "additional-tag" option: a comma-separated list of name:tag.
std::vector<DockerReference> additional_tags(const sdk::Context& ctx);

}  // namespace ferry::plugins::docker_archive
