#include "ferry/docker_save/archive_source.hpp"

#include "ferry/docker_save/entry_reader.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/media_types.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace ferry::docker_save {

namespace {

using Json = nlohmann::ordered_json;

int64_t count_bytes(sdk::Reader& r) {
  auto buf = std::make_unique<char[]>(1024 * 1024);
  int64_t total = 0;
  while (size_t n = r.read(buf.get(), 1024 * 1024)) total += static_cast<int64_t>(n);
  return total;
}

}  // namespace

ArchiveSource::ArchiveSource(std::unique_ptr<ArchiveFile> file, const std::optional<DockerReference>& name,
                             const std::optional<size_t>& index)
    : file_(std::move(file)), index_(file_->fd(), file_->size(), file_->label()) {
  const std::string& label = index_.label();
  auto items = read_tar_manifest(index_);
  const TarManifestItem& item = select_item(items, name, index, label);

  const TarEntry* config = index_.find(item.config);
  if (!config)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "the config \"" + item.config + "\" named in manifest.json is missing from " + label);
  const std::string config_name = "the config \"" + item.config + "\" in " + label;
  const auto& limits = json_input::limits::image_config;
  if (config->size > limits.max_bytes) throw json_input::too_large(config_name, limits);
  config_ = read_entry(index_, *config, "config \"" + item.config + "\"", limits.max_bytes);
  config_digest_ = Digest::of(config_).str();

  Json cfg = json_input::parse<Json>(config_, limits, config_name);
  const Json* ids = nullptr;
  if (cfg.is_object() && cfg.contains("rootfs") && cfg["rootfs"].is_object() &&
      cfg["rootfs"].contains("diff_ids"))
    ids = &cfg["rootfs"]["diff_ids"];
  if (!ids || !ids->is_array())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the config \"" + item.config + "\" in " + label +
                                                   " is not an image config with rootfs.diff_ids");
  if (ids->size() != item.layers.size())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "Inconsistent layer count in " + label + ": " + std::to_string(item.layers.size()) +
                         " in manifest.json, " + std::to_string(ids->size()) + " in the config");

  Json m = {
      {"schemaVersion", 2},
      {"mediaType", media::docker_v2s2},
      {"config", {{"mediaType", media::docker_config}, {"size", config_.size()}, {"digest", config_digest_}}},
      {"layers", Json::array()}};
  for (size_t i = 0; i < ids->size(); ++i) {
    if (!(*ids)[i].is_string())
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "diff_id " + std::to_string(i) + " in the config of " + label + " is not a string");
    std::string diff_id = (*ids)[i].get<std::string>();
    Digest::parse(diff_id, "the config's rootfs.diff_ids in " + label);
    add_layer(diff_id, item.layers[i]);
    m["layers"].push_back(
        {{"mediaType", media::docker_layer}, {"size", layers_.at(diff_id).size}, {"digest", diff_id}});
  }
  manifest_ = m.dump();
}

void ArchiveSource::add_layer(const std::string& diff_id, const std::string& file) {
  const TarEntry* e = index_.find(file);
  if (!e)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "the layer \"" + file + "\" named in manifest.json is missing from " + index_.label());
  auto known = layers_.find(diff_id);
  if (known != layers_.end() && known->second.entry == e) return;
  Layer l{e, file, entry_is_compressed(index_, *e), static_cast<int64_t>(e->size)};
  // A compressed layer's manifest size is that of its tar, which costs a pass.
  if (l.compressed) l.size = count_bytes(*open_entry_decompressed(index_, *e, "layer \"" + file + "\""));
  layers_[diff_id] = l;
}

sdk::Manifest ArchiveSource::get_manifest(const std::optional<std::string>& instance) {
  if (instance)
    throw sdk::Error(FERRY_E_NOT_FOUND, "an image in a docker archive has no instance " + *instance);
  return {manifest_, std::string(media::docker_v2s2)};
}

std::unique_ptr<sdk::Reader> ArchiveSource::get_blob(const sdk::BlobInfo& info, int64_t& size) {
  if (info.digest == config_digest_) {
    size = static_cast<int64_t>(config_.size());
    return std::make_unique<sdk::BytesReader>(config_);
  }
  auto it = layers_.find(info.digest);
  if (it == layers_.end())
    throw sdk::Error(
        FERRY_E_NOT_FOUND,
        "blob " + info.digest + " is not a layer or the config of the image in " + index_.label());
  const Layer& l = it->second;
  size = l.size;
  std::string what = "layer \"" + l.file + "\"";
  return l.compressed ? open_entry_decompressed(index_, *l.entry, what) : open_entry(index_, *l.entry, what);
}

}  // namespace ferry::docker_save
