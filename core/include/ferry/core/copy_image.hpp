// The copy engine: reads an image (or a list of them) from a source and writes
// it to a destination, converting only what the destination cannot take.
#pragma once

#include <ferry/digest/digest.hpp>
#include <ferry/core/copy_progress.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/core/manifest_signer.hpp>
#include <ferry/core/transport.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry {

enum class MultiArch { system, all, index_only };

struct CopyOptions {
  std::optional<std::string> manifest_type;  // --format, as a MIME type
  bool preserve_digests = false;
  MultiArch multi_arch = MultiArch::system;
  Platform platform;                           // for choosing from a list
  std::optional<Compression> compress_format;  // --dest-compress-format
  int compress_level = 0;                      // --dest-compress-level, 0 = default
  bool remove_signatures = false;
  unsigned parallel = 6;             // layers copied at once
  CopyProgress* progress = nullptr;  // null: quiet
  // sync: the manifest the destination holds now, if any. An image that would
  // be written unchanged, with no signatures, and equals it is not copied
  // again ("Skipping: image already present at destination").
  std::function<std::optional<std::string>()> destination_manifest;
  // sync to a registry: images copied at the same time share blobs. A blob
  // another copy of this process is sending is waited for, and then found
  // (or mounted) instead of sent again.
  bool wait_for_shared_blobs = false;
  // Whether the source may be read (policy.json), judged for every single
  // image copied from its manifest and its signatures, before any of its blobs
  // move; throws to refuse. Signatures are read for it even when they are not
  // copied. Null: every image may be read.
  std::function<void(std::string_view manifest, const std::vector<std::string>& signatures)> admit;
  // Signatures made of what is written, each image of a list and the list
  // itself, under `sign_identity` (by default the destination's docker
  // reference). The destination must store signatures.
  std::vector<std::shared_ptr<const ManifestSigner>> signers;
  std::optional<std::string> sign_identity;
};

struct CopyResult {
  std::string manifest;  // the bytes written as the top-level manifest
  std::string mime;
  Digest digest{DigestAlgorithm::sha256, std::string(64, '0')};
  bool skipped = false;  // the destination already held it (destination_manifest)
  uint64_t bytes = 0;    // blob bytes read from the source and written
};

// Copies and commits. On any failure the destination is closed without
// commit, which the plugin contract makes an abort.
CopyResult copy_image(ImageSource& src, ImageDestination& dst, const CopyOptions& options);

}  // namespace ferry
