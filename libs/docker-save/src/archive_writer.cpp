#include "ferry/docker_save/archive_writer.hpp"

#include "ferry/docker_save/legacy_layers.hpp"
#include "ferry/docker_save/tar_manifest.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/file_io/temp_file.hpp>
#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <memory>
#include <set>
#include <unistd.h>

namespace ferry::docker_save {

namespace {
constexpr size_t buffer_size = 1024 * 1024;
using Json = nlohmann::ordered_json;
}  // namespace

ArchiveWriter::ArchiveWriter(std::unique_ptr<TarSink> out, std::filesystem::path spool_dir,
                             std::string spool_prefix, std::string label, std::vector<DockerReference> tags,
                             sdk::Context ctx)
    : label_(std::move(label)),
      tags_(std::move(tags)),
      ctx_(ctx),
      out_(std::move(out)),
      spool_dir_(std::move(spool_dir)),
      spool_prefix_(std::move(spool_prefix)),
      tar_(*out_) {}

void ArchiveWriter::check_intact() const {
  if (!broken_.empty())
    throw sdk::Error(FERRY_E_IO, label_ + " cannot take more after an earlier failure: " + broken_);
}

bool ArchiveWriter::has_blob(const sdk::BlobInfo& info) {
  // Only what this archive already holds: an image is written whole.
  return layer_files_.count(info.digest) > 0 || (!config_digest_.empty() && info.digest == config_digest_);
}

size_t ArchiveWriter::read_some(sdk::BlobStream& data, char* buf, size_t cap, const std::string& what) {
  if (ctx_.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "writing " + label_ + " was cancelled");
  try {
    return data.read(buf, cap);
  } catch (const sdk::Error& e) {
    std::string why = e.code() == FERRY_E_DIGEST_MISMATCH ? "its bytes do not match the digest" : e.what();
    throw sdk::Error(e.code(), "storing " + what + " in " + label_ + " failed: " + why);
  }
}

void ArchiveWriter::put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  check_intact();
  const uint64_t before = tar_.size();
  try {
    if (info.is_config) return put_config(info, data);
    put_layer(info, data);
  } catch (const std::exception& e) {
    // A stream cannot take back part of an entry: the tar is spoilt.
    if (!out_->rewritable() && tar_.size() != before) broken_ = e.what();
    throw;
  }
}

void ArchiveWriter::put_layer(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  std::string what = info.digest.empty() ? "a layer" : "layer " + info.digest;
  if (out_->rewritable()) return put_layer_rewriting(info, data, what);
  if (!info.digest.empty() && layer_files_.count(info.digest))
    return drain(data, what);  // the same layer twice in one image: stored once
  if (!info.digest.empty() && info.size >= 0) return put_layer_announced(info, data, what);
  put_layer_spooled(info, data, what);
}

void ArchiveWriter::put_layer_rewriting(const sdk::BlobInfo& info, sdk::BlobStream& data,
                                        const std::string& what) {
  auto buf = std::make_unique<char[]>(buffer_size);
  tar_.begin_stream();
  try {
    while (size_t n = read_some(data, buf.get(), buffer_size, what)) tar_.write(buf.get(), n);
    std::string digest = info.digest.empty() ? data.digest() : info.digest;
    auto d = Digest::parse(digest, "the digest of " + what);
    if (layer_files_.count(digest)) {
      tar_.abandon_stream();  // the same layer twice in one image: stored once
      return;
    }
    std::string name = d.hex() + ".tar";
    tar_.end_stream(name);
    layer_files_[digest] = name;
  } catch (...) {
    tar_.abandon_stream();
    throw;
  }
}

void ArchiveWriter::put_layer_announced(const sdk::BlobInfo& info, sdk::BlobStream& data,
                                        const std::string& what) {
  std::string name = Digest::parse(info.digest, "the digest of " + what).hex() + ".tar";
  auto buf = std::make_unique<char[]>(buffer_size);
  tar_.begin_entry(name, static_cast<uint64_t>(info.size));
  // The host checks size and digest at the end of the stream, after the
  // bytes went out: a mismatch throws, and the stream is abandoned.
  while (size_t n = read_some(data, buf.get(), buffer_size, what)) tar_.write(buf.get(), n);
  tar_.end_entry();
  layer_files_[info.digest] = name;
}

void ArchiveWriter::put_layer_spooled(const sdk::BlobInfo& info, sdk::BlobStream& data,
                                      const std::string& what) {
  file_io::TempFile spool(spool_dir_, spool_prefix_, file_io::TempFile::Use::scratch);
  auto buf = std::make_unique<char[]>(buffer_size);
  uint64_t size = 0;
  while (size_t n = read_some(data, buf.get(), buffer_size, what)) {
    spool.write(buf.get(), n);
    size += n;
  }
  std::string digest = info.digest.empty() ? data.digest() : info.digest;
  std::string name = Digest::parse(digest, "the digest of " + what).hex() + ".tar";
  if (layer_files_.count(digest)) return;
  tar_.begin_entry(name, size);
  for (uint64_t off = 0; off < size;) {
    ssize_t n = ::pread(spool.fd(), buf.get(), buffer_size, static_cast<off_t>(off));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw sdk::Error(FERRY_E_IO,
                       "reading " + spool.path().string() + " failed: " +
                           (n == 0 ? std::string("it is shorter than written") : std::strerror(errno)));
    if (ctx_.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "writing " + label_ + " was cancelled");
    tar_.write(buf.get(), static_cast<size_t>(n));
    off += static_cast<uint64_t>(n);
  }
  tar_.end_entry();
  layer_files_[digest] = name;
}

void ArchiveWriter::drain(sdk::BlobStream& data, const std::string& what) {
  auto buf = std::make_unique<char[]>(buffer_size);
  while (read_some(data, buf.get(), buffer_size, what)) {
  }
}

void ArchiveWriter::put_config(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  std::string bytes;
  auto buf = std::make_unique<char[]>(buffer_size);
  while (size_t n = read_some(data, buf.get(), buffer_size, "the config")) {
    bytes.append(buf.get(), n);
    if (bytes.size() > json_input::limits::image_config.max_bytes)
      throw json_input::too_large("the image config", json_input::limits::image_config);
  }
  std::string digest = info.digest.empty() ? data.digest() : info.digest;
  auto d = Digest::parse(digest, "the config digest");
  if (digest == config_digest_) return;
  tar_.add_file(d.hex() + ".json", bytes);
  config_ = std::move(bytes);
  config_digest_ = digest;
}

void ArchiveWriter::put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                                 const std::string& mime) {
  check_intact();
  if (instance)
    throw sdk::Error(FERRY_E_NOT_SUPPORTED, label_ +
                                                " holds single images, not manifest lists; copy one image "
                                                "(not --all)");
  if (mime != media::docker_v2s2)
    throw sdk::Error(FERRY_E_MANIFEST_REJECTED,
                     "a docker archive stores Docker schema 2 images, not " + mime);
  const std::string document = "the manifest written to " + label_;
  Json m = json_input::parse<Json>(bytes, json_input::limits::manifest, document);
  if (!m.is_object() || !m["config"].is_object() || !m["layers"].is_array())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, document + " is not a schema 2 manifest");
  std::string cfg = json_input::Fields<Json>(m["config"], document, "config").string("digest").value_or("");
  if (cfg.empty() || cfg != config_digest_)
    throw sdk::Error(FERRY_E_INTERNAL, "the manifest names config " + cfg + ", but " + label_ +
                                           " was given " +
                                           (config_digest_.empty() ? "none" : config_digest_));
  std::vector<std::string> diff_ids;
  Json layers = Json::array();
  for (const auto& l : m["layers"]) {
    std::string d =
        l.is_object() ? json_input::Fields<Json>(l, document, "layers").string("digest").value_or("") : "";
    auto it = layer_files_.find(d);
    if (it == layer_files_.end())
      throw sdk::Error(FERRY_E_INTERNAL,
                       "the manifest names layer \"" + d + "\", which was not written to " + label_);
    diff_ids.push_back(d);
    layers.push_back(it->second);
  }

  std::set<std::string> written;
  auto legacy = legacy_layers(diff_ids, config_);
  for (size_t i = 0; i < legacy.size(); ++i) {
    const LegacyLayer& l = legacy[i];
    if (!written.insert(l.id).second) continue;
    tar_.add_symlink(l.id + "/layer.tar", "../" + layer_files_.at(diff_ids[i]));
    tar_.add_file(l.id + "/VERSION", "1.0");
    tar_.add_file(l.id + "/json", l.json);
    top_layer_id_ = l.id;
  }
  Json tags = Json::array();
  for (const auto& t : tags_) tags.push_back(t.str());
  Json item = {{"Config", Digest::parse(cfg, "the config digest").hex() + ".json"},
               {"RepoTags", tags},
               {"Layers", layers}};
  manifest_item_ = item.dump();
}

void ArchiveWriter::commit() {
  check_intact();
  if (!manifest_item_)
    throw sdk::Error(FERRY_E_INTERNAL, "commit of " + label_ + " before its manifest was written");
  tar_.add_file("manifest.json", "[" + *manifest_item_ + "]");
  nlohmann::json repos = nlohmann::json::object();  // sorted keys, as Go writes a map
  if (!top_layer_id_.empty())
    for (const auto& t : tags_) repos[t.repository()][*t.tag] = top_layer_id_;
  tar_.add_file("repositories", repos.dump());
  tar_.finish();
  out_->complete();
}

}  // namespace ferry::docker_save
