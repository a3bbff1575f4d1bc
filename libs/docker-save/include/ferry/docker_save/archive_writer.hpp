// Writing one image in the `docker save` format, as skopeo does: the layers as
// uncompressed tars named "<diff_id hex>.tar" (the host decompresses them:
// FERRY_DEST_WANTS_UNCOMPRESSED), the config as "<hex>.json", the legacy
// layer directories, then manifest.json and repositories. Everything goes to
// a private temporary file; what happens to it at commit is the subclass's
// business (rename it over the target, or send it to a daemon).
#pragma once

#include <ferry/docker_reference/docker_reference.hpp>
#include "ferry/docker_save/tar_writer.hpp"

#include <ferry/file_io/temp_file.hpp>
#include <ferry/media_types.hpp>
#include <ferry/plugin.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::docker_save {

class ArchiveWriter : public sdk::Destination {
 public:
  // The tar is built in `dir` (a temporary file named prefix + random, removed
  // unless the subclass publishes it). `tags` become RepoTags (name:tag each).
  ArchiveWriter(const std::filesystem::path& dir, const std::string& prefix, std::string label,
                std::vector<DockerReference> tags, sdk::Context ctx);

  std::vector<std::string> supported_manifest_types() override { return {std::string(media::docker_v2s2)}; }
  bool has_blob(const sdk::BlobInfo& info) override;
  void put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) override;
  void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime) override;
  void commit() override;

 protected:
  // Called by commit once the archive is complete.
  virtual void publish(file_io::TempFile& tar) = 0;
  const std::string& label() const { return label_; }
  const sdk::Context& context() const { return ctx_; }

 private:
  void put_layer(const sdk::BlobInfo& info, sdk::BlobStream& data);
  void put_config(const sdk::BlobInfo& info, sdk::BlobStream& data);
  size_t read_some(sdk::BlobStream& data, char* buf, size_t cap, const std::string& what);

  std::string label_;
  std::vector<DockerReference> tags_;
  sdk::Context ctx_;
  file_io::TempFile file_;
  TarWriter tar_;
  std::map<std::string, std::string> layer_files_;  // digest -> "<hex>.tar"
  std::string config_, config_digest_;
  std::optional<std::string> manifest_item_;  // manifest.json's one item, once put
  std::string top_layer_id_;
};

}  // namespace ferry::docker_save
