// Reading an image from a containers-storage store. The store keeps layers
// unpacked, so each layer is rebuilt from its files through its tar-split:
// the original uncompressed tar, byte for byte, whose digest is the diff ID.
// The stored manifest names the compressed blobs the image came as; a copy
// takes the rebuilt layers instead (layers_for_copy), as skopeo does.
#pragma once

#include "store.hpp"
#include "store_reference.hpp"

#include <ferry/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::cstore {

class StorageSource final : public sdk::Source {
 public:
  StorageSource(Store store, ImageName name);

  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override;
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override;
  std::optional<std::string> get_signature(const std::optional<std::string>& instance,
                                           uint32_t index) override;
  std::optional<std::vector<sdk::BlobInfo>> layers_for_copy(
      const std::optional<std::string>& instance) override;

 private:
  std::string big_data(const std::string& key) const;
  bool has_big_data(const std::string& key) const;
  std::string manifest_digest(const std::optional<std::string>& instance) const;

  Store store_;
  ImageName name_;
  Record image_;
  std::vector<Record> layers_;  // the image's layers, bottom first
};

// The image's layer records, bottom first (its top layer and its parents).
std::vector<Record> layer_chain(const Records& layers, const std::string& top);

}  // namespace ferry::plugins::cstore
