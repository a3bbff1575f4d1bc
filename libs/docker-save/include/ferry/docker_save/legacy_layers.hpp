// The pre-1.10 part of the `docker save` format that skopeo still writes and
// `repositories` points into: one directory per layer, "<id>/VERSION",
// "<id>/json" and "<id>/layer.tar" (a symlink to the layer file). The IDs are
// computed as skopeo computes them (a digest of the layer's JSON and chain
// ID), so the same image gives the same archive with either tool.
#pragma once

#include <string>
#include <vector>

namespace ferry::docker_save {

struct LegacyLayer {
  std::string id;    // 64 hex digits
  std::string json;  // the "<id>/json" file
};

// diff_ids: "sha256:..." of each layer, bottom first; config: the image
// config's bytes (the top layer's JSON copies some of its fields).
std::vector<LegacyLayer> legacy_layers(const std::vector<std::string>& diff_ids, const std::string& config);

}  // namespace ferry::docker_save
