// Copies the blobs of one image, in parallel where both ends allow it, through
// the reader pipeline: source -> verify digest -> [decompress] -> [compress]
// -> hash what is written -> destination.
#pragma once

#include <ferry/core/copy_progress.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/core/transport.hpp>

#include <optional>
#include <vector>

namespace ferry {

struct BlobJob {
  Descriptor source;  // as the source manifest describes it
  bool is_config = false;
  std::optional<Compression> recompress;  // target compression; nullopt keeps the bytes
  std::string target_media_type;          // when recompressing
  int level = 0;
  bool want_diff_id = false;      // learn the uncompressed digest on the way
  bool wait_for_others = false;   // CopyOptions::wait_for_shared_blobs
  Descriptor result;              // filled in: what the destination now holds
  std::optional<Digest> diff_id;  // filled in when want_diff_id
  uint64_t bytes_read = 0;        // filled in: bytes read from the source (0 when reused)
};

// Runs every job; throws the first failure after the other workers stopped.
// Each blob's start, reading and end go to `progress` when there is one.
void copy_blobs(ImageSource& src, ImageDestination& dst, std::vector<BlobJob>& jobs, unsigned parallel,
                CopyProgress* progress);

// A fresh id for CopyProgress's calls about one blob.
uint64_t next_blob_id();

}  // namespace ferry
