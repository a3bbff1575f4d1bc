// The images a proxy client has opened, by the integer handle it was given.
// Handles count up from 1 and are never reused; 0 means "not found" in
// OpenImageOptional's reply.
#pragma once

#include <ferry/core/host_objects.hpp>
#include <ferry/core/image.hpp>
#include <ferry/core/transport.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace ferry::cli::image_proxy {

struct OpenedImage {
  explicit OpenedImage(ImageReference r) : ref(std::move(r)) {}
  ImageReference ref;
  ferry_context ctx;
  std::unique_ptr<ImageSource> source;
  // The top-level manifest read when the image was opened: the one image
  // every later call describes, read once (as skopeo keeps it).
  std::optional<RawManifest> top;
  // The image a list resolves to, chosen on first use (as skopeo does).
  std::optional<ResolvedImage> resolved;
  // Serializes calls into the source when it cannot serve blobs concurrently;
  // pipe workers read blobs while requests keep arriving.
  std::mutex calls;
  bool concurrent = false;
};

class ImageTable {
 public:
  uint32_t add(std::shared_ptr<OpenedImage> image);
  // nullptr when there is no such handle.
  std::shared_ptr<OpenedImage> find(uint32_t id) const;
  void remove(uint32_t id) { images_.erase(id); }

 private:
  uint32_t last_id_ = 0;
  std::map<uint32_t, std::shared_ptr<OpenedImage>> images_;
};

}  // namespace ferry::cli::image_proxy
