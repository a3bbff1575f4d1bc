// Finding the image a reference names among images.json's records: by ID, by
// name, by name@digest (a manifest the image holds), or by a unique prefix of
// an ID, as containers/storage looks them up.
#pragma once

#include "store_records.hpp"
#include "store_reference.hpp"

namespace ferry::plugins::cstore {

// nullptr when no image matches. Throws FERRY_E_INVALID_ARGUMENT when an ID
// prefix matches more than one image.
const Record* find_image(const Records& images, const ImageName& name);

// "manifest-<digest>": the big-data key of one of an image's manifests.
std::string manifest_key(const std::string& digest);

}  // namespace ferry::plugins::cstore
