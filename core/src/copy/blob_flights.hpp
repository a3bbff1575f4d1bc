// Blobs being copied right now, process-wide. Images copied at the same time
// to one registry (sync) often share layers: the second copy of a blob waits
// for the first and then finds it at the destination (or mounts it there)
// instead of sending the same bytes again (CopyOptions::wait_for_shared_blobs).
#pragma once

#include <string>

namespace ferry {

class BlobFlight {
 public:
  // Waits while another copy holds `key` (a destination kind and a digest),
  // then holds it until destroyed.
  explicit BlobFlight(std::string key);
  ~BlobFlight();
  BlobFlight(const BlobFlight&) = delete;
  BlobFlight& operator=(const BlobFlight&) = delete;

 private:
  std::string key_;
};

}  // namespace ferry
