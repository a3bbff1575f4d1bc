// The text after "docker-archive:": path[:docker-reference] or path:@index.
// As in the containers tools the path ends at the first ':'; the reference
// gets ":latest" when it has no tag and may not carry a digest.
#pragma once

#include <ferry/docker_reference/docker_reference.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::docker_archive {

struct ArchiveName {
  std::string path;
  std::optional<DockerReference> ref;  // always tagged
  std::optional<size_t> index;         // @N: the N-th manifest.json item

  std::string to_string() const;
};

// Throws FERRY_E_INVALID_ARGUMENT with skopeo's wording for bad input.
ArchiveName parse_archive_name(std::string_view text);

}  // namespace ferry::plugins::docker_archive
