#include "image_delete.hpp"

#include "image_lookup.hpp"
#include "layer_install.hpp"
#include "storage_source.hpp"

#include <ferry/plugin.hpp>

#include <algorithm>
#include <set>

namespace ferry::plugins::cstore {
namespace {

// The layers that go with an image: from its top down, while no other image
// stands on them and nothing else is built on them.
std::vector<std::string> unshared_layers(const Records& layers, const Records& other_images,
                                         const std::string& top) {
  std::set<std::string> used;
  for (const Record& other : other_images.all())
    for (const Record& l : layer_chain(layers, text_of(other, "layer"))) used.insert(text_of(l, "id"));
  std::vector<std::string> removed;
  for (std::string layer = top; !layer.empty() && !used.count(layer);) {
    const bool has_children = std::any_of(layers.all().begin(), layers.all().end(), [&](const Record& l) {
      return text_of(l, "parent") == layer &&
             std::find(removed.begin(), removed.end(), text_of(l, "id")) == removed.end();
    });
    if (has_children) break;
    const Record* rec = layers.find(layer);
    removed.push_back(layer);
    layer = rec ? text_of(*rec, "parent") : "";
  }
  return removed;
}

}  // namespace

void delete_image(const Store& store, const ImageName& name) {
  auto session = store.open(StoreLock::Mode::write, /*with_containers=*/true);
  const FoundImage found = find_image(session->images, name);
  if (!found.image)
    throw sdk::Error(FERRY_E_NOT_FOUND, "reference \"" + name.to_string() +
                                            "\" does not resolve to an image ID: identifier is not an image");
  const std::string id = text_of(*found.image, "id");
  Record& image = *session->images.find(id);
  // Named by one of several names: only that name goes, as podman rmi does.
  std::vector<std::string> names = strings_of(image, "names");
  if (found.by_name && names.size() > 1) {
    std::erase(names, *name.name);
    image["names"] = names;
    session->save_images();
    return;
  }
  for (const Record& c : session->containers.all())
    if (text_of(c, "image") == id)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "image " + id + " is in use by container " +
                                                     text_of(c, "id") + "; remove the container first");
  const std::string top = text_of(image, "layer");
  session->images.erase(id);
  const std::vector<std::string> removed = unshared_layers(session->layers, session->images, top);
  const Records mounts = store.mounts();
  for (const std::string& l : removed)
    if (const Record* m = mounts.find(l);
        m && m->contains("count") && (*m)["count"].is_number_integer() && (*m)["count"].get<int64_t>() > 0)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "layer " + l + " of image " + id + " is mounted; unmount it first");
  for (const std::string& l : removed) session->layers.erase(l);
  // Records first: a store never names files that are gone.
  session->save_images();
  if (!removed.empty()) session->save_layers();
  std::error_code ec;
  std::filesystem::remove_all(store.image_dir(id), ec);
  for (const std::string& l : removed) remove_layer_files(store, l);
}

}  // namespace ferry::plugins::cstore
