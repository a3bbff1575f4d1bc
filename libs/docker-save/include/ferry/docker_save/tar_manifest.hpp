// manifest.json of a `docker save` archive: one item per image, each naming
// its config file, its layer files and its tags. Selecting the image a
// reference means happens here.
#pragma once

#include <ferry/docker_reference/docker_reference.hpp>
#include "ferry/docker_save/tar_index.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ferry::docker_save {

struct TarManifestItem {
  std::string config;                  // path inside the archive
  std::vector<std::string> repo_tags;  // as written
  std::vector<std::string> layers;     // paths inside the archive
};

// Reads and checks manifest.json. Throws FERRY_E_INVALID_ARGUMENT naming the
// archive when it is missing or malformed.
std::vector<TarManifestItem> read_tar_manifest(const TarIndex& index);

// The item a reference selects: the one whose RepoTags hold `name` (compared
// normalized), item `index`, or the only item when given neither.
// FERRY_E_NOT_FOUND when no item matches.
const TarManifestItem& select_item(const std::vector<TarManifestItem>& items,
                                   const std::optional<DockerReference>& name,
                                   const std::optional<size_t>& index, const std::string& archive);

// The tags of every image, as skopeo's list-tags prints them: each RepoTags
// entry, or "@N" for an untagged image.
std::vector<std::string> archive_tags(const std::vector<TarManifestItem>& items);

}  // namespace ferry::docker_save
