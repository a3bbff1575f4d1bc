#include "storage_destination.hpp"

#include "image_lookup.hpp"
#include "image_record.hpp"
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

// A ByteReader over a blob stream the host hands in, or a plugin reader.
template <class R>
class ReadingFrom final : public ByteReader {
 public:
  explicit ReadingFrom(R& r) : r_(r) {}
  size_t read(void* buf, size_t cap) override { return r_.read(buf, cap); }

 private:
  R& r_;
};

// Counts what passes: the compressed size of a layer unpacked as it streams.
class Counting final : public ByteReader {
 public:
  explicit Counting(ByteReader& in) : in_(in) {}
  size_t read(void* buf, size_t cap) override {
    size_t n = in_.read(buf, cap);
    count += static_cast<int64_t>(n);
    return n;
  }
  int64_t count = 0;

 private:
  ByteReader& in_;
};

// containers/image names a layer by its content and everything below it.
std::string layer_id(const std::string& parent, const std::string& diff_id) {
  const std::string hex = Digest::parse(diff_id, "a layer's diff ID").hex();
  return parent.empty() ? hex : Digest::of(parent + "+" + hex).hex();
}

// The top layer ID a config's rootfs.diff_ids make; empty when it has none to read.
std::string top_layer_of(const std::string& config) {
  std::string top;
  try {
    auto c = json_input::parse(config, json_input::limits::image_config, "the config being stored");
    json_input::Fields f(c, "the config being stored");
    auto rootfs = f.fields("rootfs");
    for (const std::string& d : rootfs ? rootfs->strings("diff_ids").value_or(std::vector<std::string>{})
                                       : std::vector<std::string>{})
      top = layer_id(top, d);
  } catch (const sdk::Error&) {
    return {};
  }
  return top;
}

std::string created_of(const std::string& config) {
  try {
    auto c = json_input::parse(config, json_input::limits::image_config, "the config being stored");
    if (c.is_object() && c.contains("created") && c["created"].is_string()) return c["created"];
  } catch (const sdk::Error&) {
  }
  return {};
}

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
  if (!target_.name)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a containers-storage destination needs an image name");
  if (target_.id)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "a containers-storage destination cannot choose the image ID (\"@" + *target_.id +
                         "\"): it is the digest of the image's config");
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
    if (text_of(l, "diff-digest").empty() || is_incomplete(l)) continue;
    std::lock_guard lock(mu_);
    known_[info.digest] = Known{text_of(l, "id"), text_of(l, "diff-digest")};
    return true;
  }
  return false;
}

void StorageDestination::put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  ReadingFrom<sdk::BlobStream> blob(data);
  if (info.is_config) {
    std::string bytes;
    char buf[65536];
    for (size_t n; (n = blob.read(buf, sizeof buf)) > 0;) {
      bytes.append(buf, n);
      if (bytes.size() > kMaxConfig)
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "config " + info.digest + " is larger than 8 MiB");
    }
    std::lock_guard lock(mu_);
    configs_[data.digest()] = std::move(bytes);
    return;
  }
  Staged s;
  if (store_.settings().driver == Driver::overlay) {
    // Overlay layers hold only their own changes: unpack now, whatever lies below.
    s.files = next_staging_path(*trees_, "diff");
    file_io::make_directory(s.files, 0755);
    s.tar_split = next_staging_path(*tar_splits_, "layer");
    Fd out(s.tar_split);
    Counting counted(blob);
    s.applied = apply_layer(counted, s.files, out.fd, layer_unpack::Whiteouts::overlay,
                            [this] { return ctx_.cancelled(); });
    out.sync_and_close(s.tar_split);
    s.compressed_size = counted.count;
  } else {
    // A vfs layer starts as a copy of its parent: keep the blob until commit.
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
  if (target_.digest && Digest::of(bytes).str() != *target_.digest)
    throw sdk::Error(
        FERRY_E_INVALID_ARGUMENT,
        "Digest of source image's manifest would not match destination reference " + target_.to_string());
  manifest_ = bytes;
}

void StorageDestination::put_signature(const std::optional<std::string>& instance, uint32_t index,
                                       std::string_view bytes) {
  (void)instance;
  if (index != signatures_.size()) throw sdk::Error(FERRY_E_INTERNAL, "signatures arrived out of order");
  signatures_.emplace_back(bytes);
}

std::optional<std::string> StorageDestination::diff_id_of(const std::string& digest) const {
  if (auto k = known_.find(digest); k != known_.end()) return k->second.diff_id;
  if (auto s = staged_.find(digest); s != staged_.end() && s->second.applied)
    return s->second.applied->diff_id;
  return std::nullopt;  // a vfs blob not unpacked yet
}

// The files of the layer blob `digest` will be on top of `parent`: the overlay
// diff unpacked when it arrived, or unpacked now — a vfs blob onto a copy of
// its parent, or a layer the store holds on other parents rebuilt from it.
StorageDestination::Prepared StorageDestination::prepare_layer(const Store::Session& session,
                                                               const std::string& digest,
                                                               const std::string& parent) {
  const bool overlay = store_.settings().driver == Driver::overlay;
  auto staged = staged_.find(digest);
  Prepared p;
  if (overlay && staged != staged_.end()) {
    p.files = staged->second.files;
    p.tar_split = staged->second.tar_split;
    p.applied = *staged->second.applied;
    p.compressed_digest = digest;
    p.compressed_size = staged->second.compressed_size;
    p.compression = storage_compression_code(p.applied.compression);
    return p;
  }
  p.files = next_staging_path(*trees_, "tree");
  p.tar_split = next_staging_path(*tar_splits_, "layer");
  if (!overlay && !parent.empty())
    layer_unpack::copy_tree(store_.layer_files(parent).string(), p.files.string());
  else
    file_io::make_directory(p.files, 0755);
  Fd out(p.tar_split);
  const auto whiteouts = overlay ? layer_unpack::Whiteouts::overlay : layer_unpack::Whiteouts::remove;
  auto cancelled = [this] { return ctx_.cancelled(); };
  if (staged != staged_.end()) {
    file_io::FileReader spooled(staged->second.files, "blob " + digest);
    ReadingFrom<file_io::FileReader> r(spooled);
    p.applied = apply_layer(r, p.files, out.fd, whiteouts, cancelled);
    p.compressed_digest = digest;
    p.compressed_size = staged->second.compressed_size;
    p.compression = storage_compression_code(p.applied.compression);
  } else {
    auto known = known_.find(digest);
    if (known == known_.end()) throw sdk::Error(FERRY_E_INTERNAL, "layer " + digest + " was never received");
    const std::string& from = known->second.layer_id;
    tar_split::Assembler tar(store_.tar_split(from).string(), store_.layer_files(from).string());
    ReadingFrom<tar_split::Assembler> r(tar);
    p.applied = apply_layer(r, p.files, out.fd, whiteouts, cancelled);
    if (const Record* old = session.layers.find(from)) {
      if (auto it = old->find("compression"); it != old->end() && it->is_number_integer())
        p.compression = *it;
      if (auto d = text_of(*old, "compressed-diff-digest"); !d.empty()) p.compressed_digest = d;
      if (auto it = old->find("compressed-size"); it != old->end() && it->is_number_integer())
        p.compressed_size = it->get<int64_t>();
    }
  }
  out.sync_and_close(p.tar_split);
  return p;
}

// Moves a prepared layer in under `id` and adds its record.
void StorageDestination::add_layer(Store::Session& session, const std::string& id, const std::string& parent,
                                   Prepared& layer) {
  Record r = Record::object();
  r["id"] = id;
  if (!parent.empty()) r["parent"] = parent;
  r["created"] = now_rfc3339();
  if (layer.compressed_digest) r["compressed-diff-digest"] = *layer.compressed_digest;
  if (layer.compressed_size) r["compressed-size"] = *layer.compressed_size;
  r["diff-digest"] = layer.applied.diff_id;
  r["diff-size"] = layer.applied.diff_size;
  if (layer.compressed_digest) r["compression"] = layer.compression;
  r["uidset"] = id_list(layer.applied.uids);
  r["gidset"] = id_list(layer.applied.gids);
  installed_.push_back(id);
  install_layer(store_, id, parent, layer.files);
  if (::rename(layer.tar_split.c_str(), store_.tar_split(id).c_str()) != 0)
    throw sdk::Error(FERRY_E_IO, "cannot move the tar-split of layer " + id + ": " + std::strerror(errno));
  session.layers.all().push_back(std::move(r));
}

// Puts the layer whose blob is `digest` on top of `parent`, unless the store
// already has that very layer (same content on the same parents); its ID.
std::string StorageDestination::place_layer(Store::Session& session, const std::string& digest,
                                            const std::string& parent) {
  if (auto diff_id = diff_id_of(digest))
    if (std::string id = layer_id(parent, *diff_id); session.layers.find(id)) return id;
  Prepared layer = prepare_layer(session, digest, parent);
  const std::string id = layer_id(parent, layer.applied.diff_id);
  if (!session.layers.find(id)) add_layer(session, id, parent, layer);
  // Met again (an image may repeat a blob), it is rebuilt from the layer it became here.
  staged_.erase(digest);
  known_[digest] = Known{id, layer.applied.diff_id};
  return id;
}

// The config's bytes, received in this copy or already stored with the image.
std::string StorageDestination::config_bytes(const Store::Session& session,
                                             const std::string& config_digest) const {
  if (auto c = configs_.find(config_digest); c != configs_.end()) return c->second;
  const std::string id = Digest::parse(config_digest, "the manifest's config digest").hex();
  if (session.images.find(id))
    if (auto bytes =
            file_io::read_small_file(store_.image_dir(id) / big_data_file_name(config_digest), kMaxConfig))
      return *bytes;
  throw sdk::Error(FERRY_E_INTERNAL, "config " + config_digest + " was never received");
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
  remove_incomplete_layers(store_, *session);
  // What would refuse the image is found before any layer moves in.
  const std::string id = Digest::parse(*config_digest, "the manifest's config digest").hex();
  const std::string config_text = config_bytes(*session, *config_digest);
  if (const Record* image = session->images.find(id)) {
    const std::string expected = top_layer_of(config_text);
    if (!expected.empty() && text_of(*image, "layer") != expected)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "the store already has image " + id + " with other layers; remove it first");
  }
  std::string top;
  try {
    for (const std::string& digest : layers) top = place_layer(*session, digest, top);
    if (!installed_.empty()) session->save_layers();
  } catch (...) {
    for (const std::string& l : installed_) remove_layer_files(store_, l);
    throw;
  }
  record_image(*session, *config_digest, top);
}

void StorageDestination::record_image(Store::Session& session, const std::string& config_digest,
                                      const std::string& top_layer) {
  const std::string id = Digest::parse(config_digest, "the manifest's config digest").hex();
  const std::string manifest_digest = Digest::of(manifest_).str();
  if (const Record* image = session.images.find(id); image && text_of(*image, "layer") != top_layer)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "the store already has image " + id + " with other layers; remove it first");
  const std::string config = config_bytes(session, config_digest);
  std::string signatures;
  std::vector<size_t> sizes;
  for (const std::string& s : signatures_) {
    signatures += s;
    sizes.push_back(s.size());
  }
  const std::vector<std::pair<std::string, const std::string*>> big_data = {
      {config_digest, &config},
      {manifest_key(manifest_digest), &manifest_},
      {"manifest", &manifest_},
      {"signature-" + Digest::parse(manifest_digest).hex(), &signatures},
      // The image's own signatures, where containers/image reads them for
      // a reference that names no instance.
      {"signatures", &signatures}};
  // Files first, then the record that names them.
  const fs::path dir = store_.image_dir(id);
  file_io::make_directory(dir, 0700);
  for (const auto& [key, bytes] : big_data)
    file_io::write_file_atomically(dir / big_data_file_name(key), *bytes, 0600);

  const std::string created = created_of(config);
  Record& image = find_or_add_image(session.images, id, top_layer, created.empty() ? now_rfc3339() : created);
  image["digest"] = manifest_digest;
  if (target_.name) give_name(session.images, image, *target_.name);
  Record& named = *session.images.find(id);  // give_name may rebuild the record
  for (const auto& [key, bytes] : big_data) list_big_data(named, key, *bytes);
  set_signature_sizes(named, manifest_digest, sizes);
  session.save_images();
}

}  // namespace ferry::plugins::cstore
