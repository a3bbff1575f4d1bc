#include "image_delete.hpp"

#include "image_lookup.hpp"
#include "layer_install.hpp"
#include "storage_source.hpp"

#include <ferry/plugin.hpp>

#include <set>

namespace ferry::plugins::cstore {

void delete_image(const Store& store, const ImageName& name) {
  auto session = store.open(StoreLock::Mode::write);
  const Record* found = find_image(session->images, name);
  if (!found)
    throw sdk::Error(FERRY_E_NOT_FOUND, "reference \"" + name.to_string() +
                                            "\" does not resolve to an image ID: identifier is not an image");
  const std::string id = text_of(*found, "id");
  Record& image = *session->images.find(id);
  std::vector<std::string> names = strings_of(image, "names");
  if (name.name && !name.digest && names.size() > 1) {
    std::erase(names, *name.name);
    image["names"] = names;
    session->save_images();
    return;
  }
  const std::string top = text_of(image, "layer");
  session->images.erase(id);
  // Every layer another image stands on, and every layer something else is built on, stays.
  std::set<std::string> used;
  for (const Record& other : session->images.all())
    for (const Record& l : layer_chain(session->layers, text_of(other, "layer")))
      used.insert(text_of(l, "id"));
  std::vector<std::string> removed;
  for (std::string layer = top; !layer.empty();) {
    if (used.count(layer)) break;
    bool has_children = false;
    for (const Record& l : session->layers.all())
      has_children =
          has_children || (text_of(l, "parent") == layer &&
                           std::find(removed.begin(), removed.end(), text_of(l, "id")) == removed.end());
    if (has_children) break;
    const Record* rec = session->layers.find(layer);
    const std::string parent = rec ? text_of(*rec, "parent") : "";
    removed.push_back(layer);
    layer = parent;
  }
  for (const std::string& l : removed) session->layers.erase(l);
  // Records first: a store never names files that are gone.
  session->save_images();
  if (!removed.empty()) session->save_layers();
  std::error_code ec;
  std::filesystem::remove_all(store.image_dir(id), ec);
  for (const std::string& l : removed) remove_layer_files(store, l);
}

}  // namespace ferry::plugins::cstore
