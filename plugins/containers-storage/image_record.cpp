#include "image_record.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/plugin.hpp>

#include <algorithm>

namespace ferry::plugins::cstore {
namespace {

using Json = nlohmann::ordered_json;

// An object member, made an (empty) object when absent or of another type.
Json& object_member(Record& r, const char* key) {
  if (!r.contains(key) || !r[key].is_object()) r[key] = Json::object();
  return r[key];
}

}  // namespace

Record& find_or_add_image(Records& images, const std::string& id, const std::string& top_layer,
                          const std::string& created) {
  if (Record* image = images.find(id)) return *image;
  Record r = Record::object();
  r["id"] = id;
  r["digest"] = "";
  r["names"] = Json::array();
  r["layer"] = top_layer;
  r["metadata"] = "{}";
  r["big-data-names"] = Json::array();
  r["big-data-sizes"] = Json::object();
  r["big-data-digests"] = Json::object();
  r["created"] = created;
  images.all().push_back(std::move(r));
  return images.all().back();
}

void give_name(Records& images, Record& image, const std::string& name) {
  for (Record& other : images.all()) {
    if (&other == &image || !other.contains("names") || !other["names"].is_array()) continue;
    Json& names = other["names"];
    for (size_t i = names.size(); i-- > 0;)
      if (names[i] == name) names.erase(i);
  }
  std::vector<std::string> names = strings_of(image, "names");
  if (std::find(names.begin(), names.end(), name) == names.end()) names.insert(names.begin(), name);
  image["names"] = names;
  std::vector<std::string> history = strings_of(image, "names-history");
  std::erase(history, name);
  history.insert(history.begin(), name);
  if (image.contains("names-history")) {
    image["names-history"] = history;
    return;
  }
  // A new member goes where containers/storage writes it: right after "names".
  Record reordered = Record::object();
  for (auto it = image.begin(); it != image.end(); ++it) {
    reordered[it.key()] = it.value();
    if (it.key() == "names") reordered["names-history"] = history;
  }
  image = std::move(reordered);
}

void list_big_data(Record& image, const std::string& key, const std::string& bytes) {
  std::vector<std::string> keys = strings_of(image, "big-data-names");
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  image["big-data-names"] = keys;
  object_member(image, "big-data-sizes")[key] = bytes.size();
  object_member(image, "big-data-digests")[key] = Digest::of(bytes).str();
}

void set_signature_sizes(Record& image, const std::string& manifest_digest,
                         const std::vector<size_t>& sizes) {
  Json meta = Json::object();
  if (std::string text = text_of(image, "metadata"); !text.empty()) {
    try {
      meta = json_input::parse<Json>(text, json_input::limits::manifest, "image metadata");
    } catch (const sdk::Error&) {
      // containers/storage treats metadata it cannot read as none; so do we.
    }
    if (!meta.is_object()) meta = Json::object();
  }
  meta["signatures-sizes"][manifest_digest] = sizes;
  meta["signature-sizes"] = sizes;
  image["metadata"] = meta.dump();
}

}  // namespace ferry::plugins::cstore
