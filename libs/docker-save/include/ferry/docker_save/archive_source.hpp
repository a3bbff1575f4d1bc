// One image of a `docker save` archive as an image source. The archive holds
// no manifest, so one is made up, as skopeo does: Docker schema 2, the config
// file as the config, and each layer as an uncompressed tar whose digest is
// the config's diff_id (the host verifies every byte against it while it
// streams).
#pragma once

#include "ferry/docker_save/archive_file.hpp"
#include "ferry/docker_save/tar_index.hpp"
#include "ferry/docker_save/tar_manifest.hpp"

#include <ferry/plugin.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace ferry::docker_save {

class ArchiveSource : public sdk::Source {
 public:
  // Indexes the archive and selects the image (see select_item).
  ArchiveSource(std::unique_ptr<ArchiveFile> file, const std::optional<DockerReference>& name,
                const std::optional<size_t>& index);

  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override;
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override;

 private:
  struct Layer {
    const TarEntry* entry;
    std::string file;  // as manifest.json names it
    bool compressed;
    int64_t size;  // uncompressed
  };

  void add_layer(const std::string& diff_id, const std::string& file);

  std::unique_ptr<ArchiveFile> file_;
  TarIndex index_;
  std::string config_;
  std::string config_digest_;
  std::map<std::string, Layer> layers_;  // by diff_id
  std::string manifest_;
};

}  // namespace ferry::docker_save
