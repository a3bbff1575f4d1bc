#include "ferry/docker_save/tar_manifest.hpp"

#include "ferry/docker_save/entry_reader.hpp"

#include <ferry/plugin.hpp>
#include <ferry/json_input/parse.hpp>
#include <nlohmann/json.hpp>

namespace ferry::docker_save {

namespace {

using Json = nlohmann::json;

std::string string_field(const Json& item, const char* key, size_t i, const std::string& archive) {
  auto it = item.find(key);
  if (it == item.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "manifest.json in " + archive + ": item " + std::to_string(i) +
                                                   " has no \"" + key + "\" file name");
  return it->get<std::string>();
}

std::vector<std::string> strings_field(const Json& item, const char* key, size_t i,
                                       const std::string& archive) {
  std::vector<std::string> out;
  auto it = item.find(key);
  if (it == item.end() || it->is_null()) return out;
  if (!it->is_array())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "manifest.json in " + archive + ": \"" + key + "\" of item " +
                                                   std::to_string(i) + " is not a list");
  for (const auto& v : *it) {
    if (!v.is_string())
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "manifest.json in " + archive + ": \"" + key +
                                                     "\" of item " + std::to_string(i) +
                                                     " holds something other than strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

std::vector<TarManifestItem> read_tar_manifest(const TarIndex& index) {
  const TarEntry* e = index.find("manifest.json");
  if (!e)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, index.label() +
                                                   " has no manifest.json: it is not a docker archive "
                                                   "(docker save) or it is truncated");
  const std::string document = "manifest.json in " + index.label();
  const auto& limits = json_input::limits::archive_manifest;
  if (e->size > limits.max_bytes) throw json_input::too_large(document, limits);
  Json doc = json_input::parse(read_entry(index, *e, "manifest.json", limits.max_bytes), limits, document);
  if (!doc.is_array()) throw sdk::Error(FERRY_E_INVALID_ARGUMENT, document + " is not a JSON list");
  std::vector<TarManifestItem> items;
  for (size_t i = 0; i < doc.size(); ++i) {
    const Json& j = doc[i];
    if (!j.is_object())
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "manifest.json in " + index.label() + ": item " +
                                                     std::to_string(i) + " is not an object");
    TarManifestItem item;
    item.config = string_field(j, "Config", i, index.label());
    item.repo_tags = strings_field(j, "RepoTags", i, index.label());
    item.layers = strings_field(j, "Layers", i, index.label());
    items.push_back(std::move(item));
  }
  return items;
}

const TarManifestItem& select_item(const std::vector<TarManifestItem>& items,
                                   const std::optional<DockerReference>& name,
                                   const std::optional<size_t>& index, const std::string& archive) {
  if (index) {
    if (*index >= items.size())
      throw sdk::Error(FERRY_E_NOT_FOUND, "Invalid source index @" + std::to_string(*index) + ", only " +
                                              std::to_string(items.size()) + " manifest items available in " +
                                              archive);
    return items[*index];
  }
  if (name) {
    std::string want = name->str();
    const std::string what = "RepoTags entry in " + archive;
    for (const auto& item : items)
      for (const auto& tag : item.repo_tags)
        if (DockerReference::parse(tag, {.allow_tag_and_digest = true, .what = what}).str() == want)
          return item;
    throw sdk::Error(FERRY_E_NOT_FOUND, "Tag \"" + want + "\" not found in " + archive);
  }
  if (items.size() != 1)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "Unexpected tar manifest.json: expected 1 item, got " +
                                                   std::to_string(items.size()) + " (in " + archive +
                                                   "; name an image with :name:tag or :@index)");
  return items.front();
}

std::vector<std::string> archive_tags(const std::vector<TarManifestItem>& items) {
  std::vector<std::string> out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].repo_tags.empty()) out.push_back("@" + std::to_string(i));
    for (const auto& t : items[i].repo_tags) out.push_back(t);
  }
  return out;
}

}  // namespace ferry::docker_save
