// Writing one image in the `docker save` format, as skopeo does: the layers as
// uncompressed tars named "<diff_id hex>.tar" (the host decompresses them:
// FERRY_DEST_WANTS_UNCOMPRESSED), the config as "<hex>.json", the legacy
// layer directories, then manifest.json and repositories (at commit).
// Everything goes to a TarSink, entry by entry as the blobs arrive: a file
// (renamed over the target at commit) or a stream (a daemon's load request).
// A stream needs each entry's size before its bytes: a layer whose size or
// digest is not known ahead (one the host decompressed) is spooled whole to a
// temporary file first, every other entry goes straight through.
#pragma once

#include <ferry/docker_reference/docker_reference.hpp>
#include "ferry/docker_save/tar_sink.hpp"
#include "ferry/docker_save/tar_writer.hpp"

#include <ferry/media_types.hpp>
#include <ferry/plugin.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::docker_save {

class ArchiveWriter : public sdk::Destination {
 public:
  // The tar goes to `out`, completed at commit. Layers of unknown size are
  // spooled in `spool_dir` (files named spool_prefix + random) when `out`
  // cannot be rewritten. `tags` become RepoTags (name:tag each).
  ArchiveWriter(std::unique_ptr<TarSink> out, std::filesystem::path spool_dir, std::string spool_prefix,
                std::string label, std::vector<DockerReference> tags, sdk::Context ctx);

  std::vector<std::string> supported_manifest_types() override { return {std::string(media::docker_v2s2)}; }
  bool has_blob(const sdk::BlobInfo& info) override;
  void put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) override;
  void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime) override;
  void commit() override;

 protected:
  const std::string& label() const { return label_; }
  const sdk::Context& context() const { return ctx_; }

 private:
  void put_layer(const sdk::BlobInfo& info, sdk::BlobStream& data);
  // The three ways a layer goes in: see the comment at the top.
  void put_layer_rewriting(const sdk::BlobInfo& info, sdk::BlobStream& data, const std::string& what);
  void put_layer_announced(const sdk::BlobInfo& info, sdk::BlobStream& data, const std::string& what);
  void put_layer_spooled(const sdk::BlobInfo& info, sdk::BlobStream& data, const std::string& what);
  void drain(sdk::BlobStream& data, const std::string& what);
  void check_intact() const;
  void put_config(const sdk::BlobInfo& info, sdk::BlobStream& data);
  size_t read_some(sdk::BlobStream& data, char* buf, size_t cap, const std::string& what);

  std::string label_;
  std::vector<DockerReference> tags_;
  sdk::Context ctx_;
  std::unique_ptr<TarSink> out_;
  std::filesystem::path spool_dir_;
  std::string spool_prefix_;
  TarWriter tar_;
  // Set when a failure left half an entry in a stream: nothing more can go in.
  std::string broken_;
  std::map<std::string, std::string> layer_files_;  // digest -> "<hex>.tar"
  std::string config_, config_digest_;
  std::optional<std::string> manifest_item_;  // manifest.json's one item, once put
  std::string top_layer_id_;
};

}  // namespace ferry::docker_save
