// Reading one image out of a source: its manifest (choosing the platform's
// instance from a list), and its config blob, verified.
#pragma once

#include <ferry/core/manifest.hpp>
#include <ferry/core/transport.hpp>

#include <optional>
#include <string>

namespace ferry {

struct ResolvedImage {
  RawManifest top;                      // what the reference names (may be a list)
  std::string top_mime;                 // effective type of top
  std::optional<std::string> instance;  // chosen instance digest, when top is a list
  std::string manifest;                 // the single image's manifest bytes
  std::string mime;                     // and its type
  ImageManifest parsed;
};

// Resolves a list to the instance for `platform`, checking the instance's
// bytes against the digest the list gives.
ResolvedImage resolve_image(ImageSource& src, const Platform& platform);
// The same, for a top-level manifest already read from `src`.
ResolvedImage resolve_image(ImageSource& src, const Platform& platform, RawManifest top);

// Reads a small blob whole (configs), verified against its digest. Refuses
// blobs larger than `limit` bytes.
std::string read_small_blob(ImageSource& src, const Descriptor& d, size_t limit = 64 << 20);

}  // namespace ferry
