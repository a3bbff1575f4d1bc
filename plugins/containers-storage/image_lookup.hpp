// Finding the image a reference names among images.json's records: by ID, by
// name, by name@digest (a manifest the image holds), or by a unique prefix of
// an ID, as containers/storage looks them up.
#pragma once

#include "store_records.hpp"
#include "store_reference.hpp"

namespace ferry::plugins::cstore {

struct FoundImage {
  const Record* image = nullptr;  // nullptr when no image matches
  bool by_name = false;           // found by one of its names (not by ID or digest)
};

// Throws FERRY_E_INVALID_ARGUMENT when an ID prefix matches more than one image.
FoundImage find_image(const Records& images, const ImageName& name);

// "manifest-<digest>": the big-data key of one of an image's manifests.
std::string manifest_key(const std::string& digest);

}  // namespace ferry::plugins::cstore
