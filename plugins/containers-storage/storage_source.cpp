#include "storage_source.hpp"

#include "image_lookup.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/file_io/file_reader.hpp>
#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/media_types.hpp>
#include <ferry/tar_split/assembler.hpp>

#include <algorithm>

namespace ferry::plugins::cstore {
namespace {

constexpr size_t kMaxLayers = 4096;  // deeper chains are a damaged or hostile store

// A layer rebuilt from its tar-split while the store's read locks are held,
// as containers/storage holds them: podman cannot remove it mid-read.
class LockedLayerReader final : public sdk::Reader {
 public:
  LockedLayerReader(const Store& store, const std::string& id)
      : session_(store.open(StoreLock::Mode::read)),
        tar_(store.tar_split(id).string(), store.layer_files(id).string()) {}
  size_t read(void* buf, size_t cap) override { return tar_.read(buf, cap); }

 private:
  std::unique_ptr<Store::Session> session_;
  tar_split::Assembler tar_;
};

}  // namespace

std::vector<Record> layer_chain(const Records& layers, const std::string& top) {
  std::vector<Record> chain;
  for (std::string id = top; !id.empty();) {
    const Record* l = layers.find(id);
    if (!l)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "layer " + id + " is missing from " +
                                                     layers.file().string() + "; the store is damaged");
    if (chain.size() >= kMaxLayers)
      throw sdk::Error(
          FERRY_E_INVALID_ARGUMENT,
          "layer " + top + " has more than 4096 parents (or a loop) in " + layers.file().string());
    chain.push_back(*l);
    id = text_of(*l, "parent");
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

StorageSource::StorageSource(Store store, ImageName name) : store_(std::move(store)), name_(std::move(name)) {
  // The store itself first, then storage.conf's additional (read-only) image stores.
  std::vector<StoreSettings> candidates{store_.settings()};
  for (const auto& root : store_.settings().additional_image_stores) {
    StoreSettings extra = store_.settings();
    extra.graph_root = root;
    extra.additional_image_stores.clear();
    candidates.push_back(std::move(extra));
  }
  for (StoreSettings& settings : candidates) {
    Store candidate(std::move(settings));
    auto session = candidate.open(StoreLock::Mode::read);
    if (const Record* image = find_image(session->images, name_).image) {
      image_ = *image;
      layers_ = layer_chain(session->layers, text_of(image_, "layer"));
      store_ = std::move(candidate);
      return;
    }
  }
  throw sdk::Error(FERRY_E_NOT_FOUND, "reference \"" + name_.to_string() +
                                          "\" does not resolve to an image ID: identifier is not an image");
}

bool StorageSource::has_big_data(const std::string& key) const {
  auto names = strings_of(image_, "big-data-names");
  return std::find(names.begin(), names.end(), key) != names.end();
}

std::string StorageSource::big_data(const std::string& key) const {
  const auto path = store_.image_dir(text_of(image_, "id")) / big_data_file_name(key);
  auto bytes = file_io::read_small_file(path, 64 * 1024 * 1024);
  if (!bytes)
    throw sdk::Error(FERRY_E_NOT_FOUND,
                     "image " + text_of(image_, "id") + " has no " + key + " (" + path.string() + ")");
  return *bytes;
}

std::string StorageSource::manifest_digest(const std::optional<std::string>& instance) const {
  if (instance) return *instance;
  if (name_.digest && has_big_data(manifest_key(*name_.digest))) return *name_.digest;
  return Digest::of(big_data("manifest")).str();
}

sdk::Manifest StorageSource::get_manifest(const std::optional<std::string>& instance) {
  if (instance) {
    if (!has_big_data(manifest_key(*instance)))
      throw sdk::Error(FERRY_E_NOT_FOUND, "image " + text_of(image_, "id") + " has no manifest " + *instance);
    return {big_data(manifest_key(*instance)), ""};
  }
  // The manifest the reference's digest names, else the one stored last.
  if (name_.digest && has_big_data(manifest_key(*name_.digest)))
    return {big_data(manifest_key(*name_.digest)), ""};
  return {big_data("manifest"), ""};
}

std::unique_ptr<sdk::Reader> StorageSource::get_blob(const sdk::BlobInfo& info, int64_t& size) {
  if (has_big_data(info.digest)) {  // the config
    auto r = std::make_unique<file_io::FileReader>(
        store_.image_dir(text_of(image_, "id")) / big_data_file_name(info.digest), "config " + info.digest);
    size = r->size();
    return r;
  }
  for (const Record& l : layers_) {
    if (text_of(l, "diff-digest") != info.digest) continue;
    const std::string id = text_of(l, "id");
    auto it = l.find("diff-size");
    size = it != l.end() && it->is_number_integer() ? it->get<int64_t>() : -1;
    return std::make_unique<LockedLayerReader>(store_, id);
  }
  for (const Record& l : layers_)
    if (text_of(l, "compressed-diff-digest") == info.digest)
      throw sdk::Error(FERRY_E_NOT_FOUND, "blob " + info.digest +
                                              " was unpacked into the store; only its uncompressed layer " +
                                              text_of(l, "diff-digest") + " can be read back");
  throw sdk::Error(FERRY_E_NOT_FOUND, "image " + text_of(image_, "id") + " has no blob " + info.digest);
}

std::optional<std::vector<sdk::BlobInfo>> StorageSource::layers_for_copy(
    const std::optional<std::string>& instance) {
  const std::string bytes = get_manifest(instance).bytes;
  auto doc = json_input::parse(bytes, json_input::limits::manifest, "the stored manifest");
  json_input::Fields m(doc, "the stored manifest");
  const auto* list = m.array("layers");
  if (!list) return std::nullopt;
  if (list->size() != layers_.size())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the stored manifest of image " + text_of(image_, "id") +
                                                   " names " + std::to_string(list->size()) +
                                                   " layers, but the image has " +
                                                   std::to_string(layers_.size()));
  const bool oci = m.string("mediaType").value_or(std::string(media::oci_manifest)) == media::oci_manifest;
  std::vector<sdk::BlobInfo> out;
  bool changed = false;
  for (size_t i = 0; i < layers_.size(); ++i) {
    json_input::Fields given((*list)[i], "the stored manifest", "layers[" + std::to_string(i) + "]");
    sdk::BlobInfo b;
    b.digest = text_of(layers_[i], "diff-digest");
    auto it = layers_[i].find("diff-size");
    b.size = it != layers_[i].end() && it->is_number_integer() ? it->get<int64_t>() : -1;
    if (b.digest.empty() || b.size < 0)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "layer " + text_of(layers_[i], "id") +
                                                     " has no diff digest or size; the store is damaged");
    if (given.string("digest") == b.digest && !given.string("mediaType").value_or("").empty()) {
      b.media_type = *given.string("mediaType");
    } else {
      b.media_type = std::string(oci ? media::oci_layer : media::docker_layer);
      changed = true;
    }
    out.push_back(std::move(b));
  }
  if (!changed) return std::nullopt;
  return out;
}

std::optional<std::string> StorageSource::get_signature(const std::optional<std::string>& instance,
                                                        uint32_t index) {
  auto meta = json_input::parse(text_of(image_, "metadata").empty() ? "{}" : text_of(image_, "metadata"),
                                json_input::limits::manifest, "the image's metadata");
  if (!meta.is_object()) return std::nullopt;
  // As containers/image keeps them: the image's own under "signatures" with
  // their sizes in "signature-sizes", each manifest's under
  // "signature-<hex>" with "signatures-sizes"[digest].
  std::string key;
  const nlohmann::json* sizes = nullptr;
  if (!instance && meta.contains("signature-sizes") && has_big_data("signatures")) {
    key = "signatures";
    sizes = &meta["signature-sizes"];
  } else {
    const std::string digest = manifest_digest(instance);
    key = "signature-" + Digest::parse(digest).hex();
    if (!has_big_data(key) || !meta.contains("signatures-sizes") ||
        !meta["signatures-sizes"].contains(digest))
      return std::nullopt;
    sizes = &meta["signatures-sizes"][digest];
  }
  if (!sizes->is_array() || index >= sizes->size()) return std::nullopt;
  const std::string all = big_data(key);
  // Sizes come from a file anyone may have written: summed without overflow.
  size_t offset = 0, n = 0;
  for (uint32_t i = 0; i <= index; ++i) {
    n = (*sizes)[i].is_number_unsigned() ? (*sizes)[i].get<size_t>() : 0;
    if (n > all.size() - offset)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "the signatures of image " + text_of(image_, "id") + " are cut short");
    if (i < index) offset += n;
  }
  return all.substr(offset, n);
}

}  // namespace ferry::plugins::cstore
