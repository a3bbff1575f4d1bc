#include "storage_destination.hpp"

#include "image_lookup.hpp"
#include "layer_apply.hpp"
#include "layer_install.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/file_io/directory.hpp>
#include <ferry/file_io/file_reader.hpp>
#include <ferry/file_io/temp_file.hpp>
#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/layer_unpack/copy_tree.hpp>
#include <ferry/media_types.hpp>
#include <ferry/tar_split/assembler.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

namespace ferry::plugins::cstore {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxConfig = 8 * 1024 * 1024;

class BlobStreamReader final : public ByteReader {
 public:
  explicit BlobStreamReader(sdk::BlobStream& s) : s_(s) {}
  size_t read(void* buf, size_t cap) override { return s_.read(buf, cap); }

 private:
  sdk::BlobStream& s_;
};

class PluginReader final : public ByteReader {
 public:
  explicit PluginReader(sdk::Reader& r) : r_(r) {}
  size_t read(void* buf, size_t cap) override { return r_.read(buf, cap); }

 private:
  sdk::Reader& r_;
};

// A file descriptor closed on every path.
struct Fd {
  int fd;
  explicit Fd(const fs::path& p) : fd(::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) {
    if (fd < 0) throw sdk::Error(FERRY_E_IO, "cannot create " + p.string() + ": " + std::strerror(errno));
  }
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  void sync_and_close(const fs::path& p) {
    const int rc = ::fsync(fd) | ::close(fd);
    fd = -1;
    if (rc != 0) throw sdk::Error(FERRY_E_IO, "cannot write " + p.string() + ": " + std::strerror(errno));
  }
};

// RFC 3339 with nanoseconds, UTC, as Go's time.Time marshals.
std::string now_rfc3339() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now);
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(now - secs).count();
  const std::time_t t = secs.count();
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char frac[16];
  std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(nanos));
  std::string f = frac;
  while (f.size() > 1 && f.back() == '0') f.pop_back();
  if (f == ".") f.clear();
  return std::string(buf) + f + "Z";
}

nlohmann::ordered_json id_list(const std::vector<uint32_t>& ids) {
  auto a = nlohmann::ordered_json::array();
  for (uint32_t v : ids) a.push_back(v);
  return a;
}

}  // namespace

StorageDestination::StagingDir::StagingDir(const fs::path& parent) {
  file_io::remove_stale_staging(parent, ".ferry-");
  std::string tmpl = (parent / ".ferry-XXXXXX").string();
  if (!::mkdtemp(tmpl.data()))
    throw sdk::Error(FERRY_E_IO,
                     "cannot create a staging directory in " + parent.string() + ": " + std::strerror(errno));
  path = tmpl;
  lock = file_io::StagingLock(path);
}

StorageDestination::StagingDir::~StagingDir() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

StorageDestination::StorageDestination(Store store, ImageName target, const sdk::Context& ctx)
    : store_(std::move(store)), target_(std::move(target)), ctx_(ctx) {
  if (!target_.name && !target_.id)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a containers-storage destination needs an image name");
  store_.open(StoreLock::Mode::write);  // creates the store as containers/storage would
  trees_ = std::make_unique<StagingDir>(store_.tree_staging_root());
  tar_splits_ = std::make_unique<StagingDir>(store_.tar_split_staging_root());
}

StorageDestination::~StorageDestination() = default;

std::vector<std::string> StorageDestination::supported_manifest_types() {
  return {std::string(media::oci_manifest), std::string(media::docker_v2s2)};
}

fs::path StorageDestination::next_staging_path(const StagingDir& dir, const char* what) {
  std::lock_guard lock(mu_);
  return dir.path / (std::string(what) + "-" + std::to_string(counter_++));
}

bool StorageDestination::has_blob(const sdk::BlobInfo& info) {
  if (info.is_config || info.digest.empty()) return false;
  auto session = store_.open(StoreLock::Mode::read);
  for (const Record& l : session->layers.all()) {
    if (text_of(l, "compressed-diff-digest") != info.digest && text_of(l, "diff-digest") != info.digest)
      continue;
    if (text_of(l, "diff-digest").empty()) continue;
    std::lock_guard lock(mu_);
    known_[info.digest] = Known{text_of(l, "id"), text_of(l, "diff-digest")};
    return true;
  }
  return false;
}

void StorageDestination::put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  if (info.is_config) {
    std::string bytes;
    char buf[65536];
    for (size_t n; (n = data.read(buf, sizeof buf)) > 0;) {
      bytes.append(buf, n);
      if (bytes.size() > kMaxConfig)
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "config " + info.digest + " is larger than 8 MiB");
    }
    std::lock_guard lock(mu_);
    configs_[data.digest()] = std::move(bytes);
    return;
  }
  Staged s;
  BlobStreamReader blob(data);
  if (store_.settings().driver == Driver::overlay) {
    s.files = next_staging_path(*trees_, "diff");
    file_io::make_directory(s.files, 0755);
    s.tar_split = next_staging_path(*tar_splits_, "layer");
    Fd out(s.tar_split);
    struct Counting final : ByteReader {
      ByteReader& in;
      int64_t n = 0;
      explicit Counting(ByteReader& i) : in(i) {}
      size_t read(void* buf, size_t cap) override {
        size_t got = in.read(buf, cap);
        n += static_cast<int64_t>(got);
        return got;
      }
    } counted(blob);
    AppliedLayer applied = apply_layer(counted, s.files, out.fd, layer_unpack::Whiteouts::overlay,
                                       [this] { return ctx_.cancelled(); });
    out.sync_and_close(s.tar_split);
    s.diff_id = applied.diff_id;
    s.diff_size = applied.diff_size;
    s.compression = storage_compression_code(applied.compression);
    s.uids = std::move(applied.uids);
    s.gids = std::move(applied.gids);
    s.compressed_size = counted.n;
  } else {
    s.files = next_staging_path(*trees_, "blob");
    Fd out(s.files);
    char buf[1 << 16];
    for (size_t n; (n = blob.read(buf, sizeof buf)) > 0;) {
      if (ctx_.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "the copy was interrupted");
      if (::write(out.fd, buf, n) != static_cast<ssize_t>(n))
        throw sdk::Error(FERRY_E_IO, "cannot write " + s.files.string() + ": " + std::strerror(errno));
      s.compressed_size += static_cast<int64_t>(n);
    }
    out.sync_and_close(s.files);
  }
  std::lock_guard lock(mu_);
  staged_[data.digest()] = std::move(s);
}

void StorageDestination::put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                                      const std::string& mime) {
  (void)mime;
  if (instance)
    throw sdk::Error(FERRY_E_NOT_SUPPORTED, "containers-storage keeps single images, not lists of them");
  manifest_ = bytes;
}

void StorageDestination::put_signature(const std::optional<std::string>& instance, uint32_t index,
                                       std::string_view bytes) {
  (void)instance;
  if (index != signatures_.size()) throw sdk::Error(FERRY_E_INTERNAL, "signatures arrived out of order");
  signatures_.emplace_back(bytes);
}

// Puts the layer whose blob is `digest` on top of `parent`, creating it unless
// the store already has that very layer (same content on the same parents).
StorageDestination::Placed StorageDestination::place_layer(Store::Session& session, const std::string& digest,
                                                           const std::string& parent) {
  auto staged = staged_.find(digest);
  auto known = known_.find(digest);
  const bool overlay = store_.settings().driver == Driver::overlay;
  std::string diff_id;
  if (staged != staged_.end() && !staged->second.diff_id.empty())
    diff_id = staged->second.diff_id;
  else if (known != known_.end())
    diff_id = known->second.diff_id;

  // containers/image names a layer by its content and everything below it.
  auto layer_id = [&](const std::string& diff) {
    const std::string hex = Digest::parse(diff, "a layer's diff ID").hex();
    return parent.empty() ? hex : Digest::of(parent + "+" + hex).hex();
  };
  if (!diff_id.empty() && session.layers.find(layer_id(diff_id))) return {layer_id(diff_id), false};

  // A vfs blob, or a layer the store has on other parents: unpack it now.
  std::optional<AppliedLayer> applied;
  fs::path files, tar_split;
  if (staged == staged_.end() || !overlay) {
    files = next_staging_path(*trees_, "tree");
    tar_split = next_staging_path(*tar_splits_, "layer");
    if (!overlay && !parent.empty())
      layer_unpack::copy_tree(store_.layer_files(parent).string(), files.string());
    else
      file_io::make_directory(files, 0755);
    Fd out(tar_split);
    const auto whiteouts = overlay ? layer_unpack::Whiteouts::overlay : layer_unpack::Whiteouts::remove;
    auto cancelled = [this] { return ctx_.cancelled(); };
    if (staged != staged_.end()) {
      file_io::FileReader spooled(staged->second.files, "blob " + digest);
      PluginReader r(spooled);
      applied = apply_layer(r, files, out.fd, whiteouts, cancelled);
    } else {
      if (known == known_.end())
        throw sdk::Error(FERRY_E_INTERNAL, "layer " + digest + " was never received");
      tar_split::Assembler tar(store_.tar_split(known->second.layer_id).string(),
                               store_.layer_files(known->second.layer_id).string());
      PluginReader r(tar);
      applied = apply_layer(r, files, out.fd, whiteouts, cancelled);
    }
    out.sync_and_close(tar_split);
    diff_id = applied->diff_id;
  }
  const std::string id = layer_id(diff_id);
  if (session.layers.find(id)) return {id, false};

  if (!applied) {  // an overlay layer unpacked when it arrived
    files = staged->second.files;
    tar_split = staged->second.tar_split;
  }
  Record r = Record::object();
  r["id"] = id;
  if (!parent.empty()) r["parent"] = parent;
  r["created"] = now_rfc3339();
  if (staged != staged_.end()) {
    r["compressed-diff-digest"] = digest;
    r["compressed-size"] = staged->second.compressed_size;
  } else if (const Record* old = session.layers.find(known->second.layer_id)) {
    if (old->contains("compressed-diff-digest"))
      r["compressed-diff-digest"] = (*old)["compressed-diff-digest"];
    if (old->contains("compressed-size")) r["compressed-size"] = (*old)["compressed-size"];
  }
  r["diff-digest"] = diff_id;
  r["diff-size"] = applied ? applied->diff_size : staged->second.diff_size;
  if (applied) {
    r["compression"] = staged != staged_.end() ? storage_compression_code(applied->compression) : 0;
    r["uidset"] = id_list(applied->uids);
    r["gidset"] = id_list(applied->gids);
  } else {
    r["compression"] = staged->second.compression;
    r["uidset"] = id_list(staged->second.uids);
    r["gidset"] = id_list(staged->second.gids);
  }
  if (r["compression"] == 0 && !r.contains("compressed-diff-digest")) r.erase("compression");

  installed_.push_back(id);
  install_layer(store_, id, parent, files);
  if (::rename(tar_split.c_str(), store_.tar_split(id).c_str()) != 0)
    throw sdk::Error(FERRY_E_IO, "cannot move the tar-split of layer " + id + ": " + std::strerror(errno));
  session.layers.all().push_back(std::move(r));
  return {id, true};
}

void StorageDestination::commit() {
  if (manifest_.empty()) throw sdk::Error(FERRY_E_INTERNAL, "commit before the manifest was written");
  auto doc = json_input::parse(manifest_, json_input::limits::manifest, "the manifest being stored");
  json_input::Fields m(doc, "the manifest being stored");
  auto config = m.fields("config");
  auto config_digest = config ? config->string("digest") : std::nullopt;
  if (!config_digest)
    throw sdk::Error(FERRY_E_NOT_SUPPORTED,
                     "containers-storage stores images with a config; this manifest has none");
  std::vector<std::string> layers;
  if (const auto* list = m.array("layers"))
    for (size_t i = 0; i < list->size(); ++i) {
      json_input::Fields l((*list)[i], "the manifest being stored", "layers[" + std::to_string(i) + "]");
      layers.push_back(l.string("digest").value_or(""));
    }

  auto session = store_.open(StoreLock::Mode::write);
  std::string top;
  try {
    for (const std::string& digest : layers) top = place_layer(*session, digest, top).id;
    if (!installed_.empty()) session->save_layers();
  } catch (...) {
    for (const std::string& id : installed_) remove_layer_files(store_, id);
    throw;
  }
  record_image(*session, *config_digest, top);
}

void StorageDestination::record_image(Store::Session& session, const std::string& config_digest,
                                      const std::string& top_layer) {
  const std::string id = Digest::parse(config_digest, "the manifest's config digest").hex();
  const std::string manifest_digest = Digest::of(manifest_).str();
  Record* image = session.images.find(id);
  if (image && text_of(*image, "layer") != top_layer)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "the store already has image " + id + " with other layers; remove it first");
  auto config = configs_.find(config_digest);
  const bool need_config = !image || std::find(strings_of(*image, "big-data-names").begin(),
                                               strings_of(*image, "big-data-names").end(),
                                               config_digest) == strings_of(*image, "big-data-names").end();
  if (need_config && config == configs_.end())
    throw sdk::Error(FERRY_E_INTERNAL, "config " + config_digest + " was never received");

  std::string signatures;
  nlohmann::ordered_json sizes = nlohmann::ordered_json::array();
  for (const std::string& s : signatures_) {
    signatures += s;
    sizes.push_back(s.size());
  }
  std::vector<std::pair<std::string, std::string>> big_data;
  if (need_config) big_data.emplace_back(config_digest, config->second);
  big_data.emplace_back(manifest_key(manifest_digest), manifest_);
  big_data.emplace_back("manifest", manifest_);
  big_data.emplace_back("signature-" + Digest::parse(manifest_digest).hex(), signatures);

  const fs::path dir = store_.image_dir(id);
  file_io::make_directory(dir, 0700);
  for (const auto& [key, bytes] : big_data)
    file_io::write_file_atomically(dir / big_data_file_name(key), bytes, 0600);

  if (!image) {
    Record r = Record::object();
    r["id"] = id;
    session.images.all().push_back(std::move(r));
    image = &session.images.all().back();
    std::string created;
    if (config != configs_.end()) {
      try {
        auto c =
            json_input::parse(config->second, json_input::limits::image_config, "config " + config_digest);
        if (c.is_object() && c.contains("created") && c["created"].is_string()) created = c["created"];
      } catch (const sdk::Error&) {
      }
    }
    (*image)["digest"] = manifest_digest;
    (*image)["names"] = nlohmann::ordered_json::array();
    (*image)["layer"] = top_layer;
    (*image)["metadata"] = "{}";
    (*image)["big-data-names"] = nlohmann::ordered_json::array();
    (*image)["big-data-sizes"] = nlohmann::ordered_json::object();
    (*image)["big-data-digests"] = nlohmann::ordered_json::object();
    (*image)["created"] = created.empty() ? now_rfc3339() : created;
  }
  Record& img = *image;
  img["digest"] = manifest_digest;
  if (target_.name) {
    // A name belongs to one image: take it from any other.
    for (Record& other : session.images.all()) {
      if (&other == image || !other.contains("names") || !other["names"].is_array()) continue;
      auto& names = other["names"];
      for (size_t i = names.size(); i-- > 0;)
        if (names[i] == *target_.name) names.erase(i);
    }
    std::vector<std::string> names = strings_of(img, "names");
    if (std::find(names.begin(), names.end(), *target_.name) == names.end())
      names.insert(names.begin(), *target_.name);
    img["names"] = names;
    std::vector<std::string> history = strings_of(img, "names-history");
    std::erase(history, *target_.name);
    history.insert(history.begin(), *target_.name);
    // Keep the member where containers/storage writes it: right after "names".
    if (!img.contains("names-history")) {
      Record reordered = Record::object();
      for (auto it = img.begin(); it != img.end(); ++it) {
        reordered[it.key()] = it.value();
        if (it.key() == "names") reordered["names-history"] = history;
      }
      img = std::move(reordered);
    } else {
      img["names-history"] = history;
    }
  }
  std::vector<std::string> keys = strings_of(img, "big-data-names");
  if (!img.contains("big-data-sizes") || !img["big-data-sizes"].is_object())
    img["big-data-sizes"] = nlohmann::ordered_json::object();
  if (!img.contains("big-data-digests") || !img["big-data-digests"].is_object())
    img["big-data-digests"] = nlohmann::ordered_json::object();
  for (const auto& [key, bytes] : big_data) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    img["big-data-sizes"][key] = bytes.size();
    img["big-data-digests"][key] = Digest::of(bytes).str();
  }
  img["big-data-names"] = keys;
  // Signature sizes per manifest, inside the image's metadata string.
  nlohmann::ordered_json meta = nlohmann::ordered_json::object();
  if (std::string text = text_of(img, "metadata"); !text.empty()) {
    try {
      meta = json_input::parse<nlohmann::ordered_json>(text, json_input::limits::manifest, "image metadata");
    } catch (const sdk::Error&) {
      meta = nlohmann::ordered_json::object();
    }
    if (!meta.is_object()) meta = nlohmann::ordered_json::object();
  }
  meta["signatures-sizes"][manifest_digest] = sizes;
  img["metadata"] = meta.dump();
  session.save_images();
}

}  // namespace ferry::plugins::cstore
