// Changes to one image's record in images.json, as containers/storage makes
// them: created on first write, names moved between images, big-data items
// listed with their sizes and digests, signature sizes kept per manifest in
// the record's "metadata" string.
#pragma once

#include "store_records.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ferry::plugins::cstore {

// The record of image `id`, appended (with containers/storage's members in
// its order) when the store has none.
Record& find_or_add_image(Records& images, const std::string& id, const std::string& top_layer,
                          const std::string& created);

// `name` goes to `image`, first among its names and in its history, and is
// taken from any other image: a name belongs to one image.
void give_name(Records& images, Record& image, const std::string& name);

// Lists a big-data item the caller wrote to the image's directory.
void list_big_data(Record& image, const std::string& key, const std::string& bytes);

// The sizes of the signatures stored for one manifest of the image, which is
// also the image's own (containers/image keeps both).
void set_signature_sizes(Record& image, const std::string& manifest_digest, const std::vector<size_t>& sizes);

}  // namespace ferry::plugins::cstore
