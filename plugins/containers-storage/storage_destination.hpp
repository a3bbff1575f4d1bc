// Writing an image into a containers-storage store. Layers are unpacked as
// they arrive (overlay: each into its own staged diff directory, in parallel;
// vfs: spooled, since each vfs layer starts as a copy of its parent), then
// commit() takes the store's locks, puts the layers in place in manifest
// order and records the layers and the image. Until commit nothing of the
// copy is visible, and a copy that fails before it leaves the store as it was.
#pragma once

#include "layer_apply.hpp"
#include "store.hpp"
#include "store_reference.hpp"

#include <ferry/file_io/staging.hpp>
#include <ferry/plugin.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::cstore {

class StorageDestination final : public sdk::Destination {
 public:
  StorageDestination(Store store, ImageName target, const sdk::Context& ctx);
  ~StorageDestination() override;

  std::vector<std::string> supported_manifest_types() override;
  bool has_blob(const sdk::BlobInfo& info) override;
  void put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) override;
  void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime) override;
  void put_signature(const std::optional<std::string>& instance, uint32_t index,
                     std::string_view bytes) override;
  void commit() override;

 private:
  // A directory of this copy's work, locked while it lives (staging.hpp) and
  // removed with it.
  struct StagingDir {
    explicit StagingDir(const std::filesystem::path& parent);
    ~StagingDir();
    std::filesystem::path path;
    file_io::StagingLock lock;
  };
  // A layer blob received: unpacked (overlay) or spooled (vfs), not yet placed.
  struct Staged {
    std::filesystem::path files;          // overlay: the diff directory; vfs: the spooled blob
    std::filesystem::path tar_split;      // overlay only
    std::optional<AppliedLayer> applied;  // overlay only
    int64_t compressed_size = 0;
  };
  // A blob the store already holds as a layer (has_blob), or one this commit
  // already placed and meets again on other parents.
  struct Known {
    std::string layer_id;
    std::string diff_id;
  };
  // A layer's files and tar-split ready to move in, and what its record says.
  struct Prepared {
    std::filesystem::path files, tar_split;
    AppliedLayer applied;
    std::optional<std::string> compressed_digest;
    std::optional<int64_t> compressed_size;
    int compression = 0;  // containers/storage's code for the compressed blob's compression
  };

  std::filesystem::path next_staging_path(const StagingDir& dir, const char* what);
  std::optional<std::string> diff_id_of(const std::string& digest) const;
  Prepared prepare_layer(const Store::Session& session, const std::string& digest, const std::string& parent);
  std::string place_layer(Store::Session& session, const std::string& digest, const std::string& parent);
  void add_layer(Store::Session& session, const std::string& id, const std::string& parent, Prepared& layer);
  std::string config_bytes(const Store::Session& session, const std::string& config_digest) const;
  void record_image(Store::Session& session, const std::string& config_digest, const std::string& top_layer);

  Store store_;
  ImageName target_;
  const sdk::Context ctx_;
  std::unique_ptr<StagingDir> trees_, tar_splits_;
  std::mutex mu_;
  unsigned counter_ = 0;
  std::map<std::string, Staged> staged_;
  std::map<std::string, Known> known_;
  std::map<std::string, std::string> configs_;
  std::string manifest_;
  std::vector<std::string> signatures_;
  std::vector<std::string> installed_;  // layer IDs this commit put in place, undone if it fails
};

}  // namespace ferry::plugins::cstore
