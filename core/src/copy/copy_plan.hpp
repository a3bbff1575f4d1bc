// What a copy will do, decided before any byte moves: which manifest types to
// offer, which layers to convert, and whether the options and the destination
// allow it at all. Pure functions of the source's manifest, what the
// destination declares, and the options; the engine (copy_image.cpp) carries
// the plan out. A copy that cannot be done fails here, with nothing written.
#pragma once

#include <ferry/core/copy_image.hpp>
#include <ferry/core/manifest.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ferry {

// What a destination declares about itself; nothing else of it is consulted.
struct DestinationTraits {
  std::vector<std::string> manifest_types;  // accepted, preferred first; empty = any
  uint32_t flags = 0;                       // FERRY_DEST_*, its options folded in
  bool signatures = false;                  // stores signatures
  std::string name;                         // for messages: "oci:/x:latest"
};

struct LayerPlan {
  std::optional<Compression> recompress;  // nullopt: the blob is copied as it is
  std::string media_type;                 // the converted layer's type (when recompressed)
};

struct ImagePlan {
  std::vector<std::string> manifest_types;  // to offer, in order; layers follow the first
  bool from_schema1 = false;                // a config is built from the schema 1 history as layers stream
  std::vector<LayerPlan> layers;            // one per source layer
  bool layers_change = false;               // some layer is converted
};

// The signatures a copy writes: those it carries over from the source (which
// bind the manifest's bytes) and those it makes (which sign what is written).
struct SignatureCounts {
  size_t copied = 0;
  size_t made = 0;
};

// One image. `mime` is the source manifest's type (an image, not a list),
// `layers` its layer descriptors. Signatures to carry over keep the image as
// it is: a conversion the options ask for is not made (as skopeo), and one
// the destination needs is refused. Throws ferry::Error naming what forbids
// the copy.
ImagePlan plan_image(const std::string& mime, const std::vector<Descriptor>& layers,
                     SignatureCounts signatures, const DestinationTraits& dest, const CopyOptions& options);

struct ListPlan {
  std::vector<std::string> manifest_types;  // to offer for the list itself, in order
};

// A list copied whole (--all, --multi-arch index-only).
ListPlan plan_list(const std::string& mime, size_t signatures, const DestinationTraits& dest,
                   const CopyOptions& options);

}  // namespace ferry
