// The OCI config and manifest of an image made from layer files, written in
// the member order and spelling of the image-spec Go structs skopeo uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ferry::image_from_files {

struct HistoryEntry {
  std::string created;  // go_json_time text
  std::string created_by;
  std::string comment;  // omitted when empty
  bool empty_layer = false;
};

struct MadeConfig {
  std::string created;  // go_json_time text
  std::string architecture;
  std::string os;
  std::vector<std::string> cmd;  // config.Cmd; omitted when empty
  std::vector<std::string> diff_ids;
  std::vector<HistoryEntry> history;
};

struct LayerDescriptor {
  std::string media_type;
  std::string digest;
  int64_t size = 0;
};

std::string config_json(const MadeConfig& config);

// with_media_type: whether the manifest names its own type (sif's does,
// tarball's does not).
std::string manifest_json(const std::string& config_digest, int64_t config_size,
                          const std::vector<LayerDescriptor>& layers, bool with_media_type);

}  // namespace ferry::image_from_files
