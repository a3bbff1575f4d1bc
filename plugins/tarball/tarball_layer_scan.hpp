// One pass over a layer file: its digest as stored and, when it is gzip, the
// digest of what it unpacks to (its diff ID). Only gzip is recognised, as in
// the containers tools: any other file, zstd included, is a plain layer whose
// diff ID is its own digest.
#pragma once

#include <ferry/plugin.hpp>

#include <cstdint>
#include <string>

namespace ferry::plugins::tarball {

struct ScannedLayer {
  std::string blob_digest;
  int64_t blob_size = 0;
  std::string diff_id;
  std::string media_type;
  int64_t mtime_seconds = 0;
  int64_t mtime_nanoseconds = 0;
};

ScannedLayer scan_layer_file(const std::string& path, const sdk::Context& ctx);

}  // namespace ferry::plugins::tarball
