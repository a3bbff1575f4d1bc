// The content-addressed blob files of a layout (or of a shared blob dir):
// a blob appears under its digest only once all of its bytes were read and
// the host reported end of stream, so a failed copy never leaves a wrong blob.
#pragma once

#include <ferry/digest/digest.hpp>
#include "ferry/oci_layout/layout.hpp"

#include <ferry/plugin.hpp>

#include <cstdint>
#include <string_view>

namespace ferry::oci_layout {

class BlobStore {
 public:
  explicit BlobStore(const Layout& layout) : layout_(layout) {}

  // A regular file under the digest, of the given size when size >= 0.
  bool has(const Digest& d, int64_t size) const;

  // Streams `data` to a temporary file and renames it to its digest (from
  // info.digest, or from the stream once it ended when the host changed the
  // bytes). Returns the digest. Polls ctx for cancellation.
  Digest put(sdk::BlobStream& data, const sdk::BlobInfo& info, const sdk::Context& ctx);

  // Stores small bytes (a manifest) under `d` after checking they match it.
  void put_bytes(const Digest& d, std::string_view bytes);

 private:
  const Layout& layout_;
};

}  // namespace ferry::oci_layout
