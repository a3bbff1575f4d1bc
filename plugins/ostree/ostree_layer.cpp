#include "ostree_layer.hpp"

#include <ferry/compression/layer_tar_reader.hpp>
#include <ferry/digest/digest.hpp>
#include <ferry/layer_unpack/unpack.hpp>
#include <ferry/plugin.hpp>
#include <ferry/tar_split/recorder.hpp>

#include <archive.h>
#include <sys/stat.h>

#include <algorithm>
#include <exception>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <unordered_set>

namespace ferry::plugins::ostree {
namespace {

[[noreturn]] void throw_layer_error(GError* error, struct archive* a = nullptr) {
  std::string message = error && error->message                   ? error->message
                        : a && archive_error_string(a) != nullptr ? archive_error_string(a)
                                                                  : "unknown error";
  if (error) g_error_free(error);
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "applying the layer: " + message);
}

}  // namespace

UnpackedLayer unpack_layer(ByteReader& blob, const std::string& root, int tar_split_fd,
                           const std::function<bool()>& cancelled) {
  UnpackedLayer out;
  LayerTarReader tar(blob);

  Hasher diff_id;
  tar_split::Recorder recorder(tar_split_fd);
  auto read = [&](void* buf, size_t cap) -> size_t {
    if (cancelled && cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "the copy was interrupted");
    size_t n = tar.read(buf, cap);
    if (n == 0) return 0;
    diff_id.update(buf, n);
    recorder.feed(buf, n);
    out.diff_size += static_cast<int64_t>(n);
    return n;
  };
  layer_unpack::Options options;
  options.whiteouts = layer_unpack::Whiteouts::keep;
  options.refuse_escaping_links = true;
  layer_unpack::unpack(read, root, options);
  recorder.finish();
  out.diff_id = diff_id.finish().str();
  return out;
}

namespace {

// The decompressed tar as libarchive pulls it, hashed and recorded on the way.
struct TarTee {
  ByteReader* tar = nullptr;
  Hasher* diff_id = nullptr;
  tar_split::Recorder* recorder = nullptr;
  const std::function<bool()>* cancelled = nullptr;
  int64_t size = 0;
  std::exception_ptr error;
  char buf[128 * 1024];

  size_t pull(void* out, size_t cap) {
    if (*cancelled && (*cancelled)()) throw sdk::Error(FERRY_E_CANCELLED, "the copy was interrupted");
    size_t n = tar->read(out, cap);
    if (n == 0) return 0;
    diff_id->update(out, n);
    recorder->feed(out, n);
    size += static_cast<int64_t>(n);
    return n;
  }
  static la_ssize_t read(struct archive* a, void* self, const void** data) {
    auto* t = static_cast<TarTee*>(self);
    *data = t->buf;
    try {
      return static_cast<la_ssize_t>(t->pull(t->buf, sizeof t->buf));
    } catch (...) {
      t->error = std::current_exception();
      archive_set_error(a, EIO, "reading the layer failed");
      return -1;
    }
  }
};

// Judges entry names as the recorder reads them, before libostree applies
// the entry: the tree is built in memory, where absolute names, ".." and
// paths through a symbolic link would not mean what an untar makes of them.
class NameGuard {
 public:
  void check(std::string_view raw, char type) {
    std::string_view name = raw;
    while (name.starts_with("./")) name.remove_prefix(2);
    if (name.starts_with("/")) refuse(raw, "its name is absolute");
    std::string path;
    size_t start = 0;
    while (start < name.size()) {
      size_t end = std::min(name.find('/', start), name.size());
      std::string_view part = name.substr(start, end - start);
      start = end + 1;
      if (part.empty() || part == ".") continue;
      if (part == "..") refuse(raw, "its name has a \"..\" component");
      if (links_.count(path)) refuse(raw, "its path goes through the symbolic link \"" + path + "\"");
      if (!path.empty()) path += '/';
      path += part;
    }
    if (type == '2')
      links_.insert(path);
    else
      links_.erase(path);
  }

 private:
  [[noreturn]] static void refuse(std::string_view name, const std::string& why) {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "layer entry \"" + std::string(name) +
                                                   "\" is refused: " + why + " (it would leave the layer)");
  }
  std::unordered_set<std::string> links_;
};

// A symbolic link's mode is 0777 on Linux whatever the tar says (an untar
// cannot set it), and the commit is of what an untar leaves.
// Device nodes, fifos and sockets are dropped, as containers/image drops
// them; they leave the filter as skipped regular files, since libostree's
// canonical-permissions step (bare-user-only) knows no other types.
OstreeRepoCommitFilterResult link_modes(OstreeRepo*, const char*, GFileInfo* info, gpointer) {
  switch (g_file_info_get_file_type(info)) {
    case G_FILE_TYPE_SYMBOLIC_LINK:
      g_file_info_set_attribute_uint32(info, "unix::mode", S_IFLNK | 0777);
      return OSTREE_REPO_COMMIT_FILTER_ALLOW;
    case G_FILE_TYPE_REGULAR:
    case G_FILE_TYPE_DIRECTORY:
      return OSTREE_REPO_COMMIT_FILTER_ALLOW;
    default:
      g_file_info_set_file_type(info, G_FILE_TYPE_REGULAR);
      return OSTREE_REPO_COMMIT_FILTER_SKIP;
  }
}

struct ModifierUnref {
  void operator()(OstreeRepoCommitModifier* m) const { ostree_repo_commit_modifier_unref(m); }
};

struct ArchiveFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

}  // namespace

UnpackedLayer import_layer(ByteReader& blob, OstreeRepo* repo, OstreeMutableTree* mtree, int tar_split_fd,
                           const std::function<bool()>& cancelled) {
  UnpackedLayer out;
  LayerTarReader tar(blob);
  Hasher diff_id;
  tar_split::Recorder recorder(tar_split_fd);
  NameGuard guard;
  recorder.on_entry([&guard](std::string_view name, char type) { guard.check(name, type); });
  auto tee = std::make_unique<TarTee>();
  tee->tar = &tar;
  tee->diff_id = &diff_id;
  tee->recorder = &recorder;
  tee->cancelled = &cancelled;

  std::unique_ptr<struct archive, ArchiveFree> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_empty(a.get());
  if (archive_read_open(a.get(), tee.get(), nullptr, &TarTee::read, nullptr) != ARCHIVE_OK) {
    if (tee->error) std::rethrow_exception(tee->error);
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     std::string("the layer is not a tar: ") + archive_error_string(a.get()));
  }
  OstreeRepoImportArchiveOptions options{};
  options.ignore_unsupported_content = TRUE;  // devices, fifos, sockets
  options.autocreate_parents = TRUE;
  std::unique_ptr<OstreeRepoCommitModifier, ModifierUnref> modifier(
      ostree_repo_commit_modifier_new(OSTREE_REPO_COMMIT_MODIFIER_FLAGS_NONE, &link_modes, nullptr, nullptr));
  GError* error = nullptr;
  gboolean ok =
      ostree_repo_import_archive_to_mtree(repo, &options, a.get(), mtree, modifier.get(), nullptr, &error);
  if (tee->error) {
    if (error) g_error_free(error);
    std::rethrow_exception(tee->error);
  }
  if (!ok) throw_layer_error(error, a.get());
  // Every byte is the caller's (digests, tar-split): the end-of-archive
  // blocks and whatever follows them too.
  while (tee->pull(tee->buf, sizeof tee->buf) > 0) {
  }
  recorder.finish();
  out.diff_id = diff_id.finish().str();
  out.diff_size = tee->size;
  return out;
}

void remove_special_files(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> special;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    fs::file_status st = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_block_file(st) || fs::is_character_file(st) || fs::is_fifo(st) || fs::is_socket(st))
      special.push_back(it->path());
  }
  if (ec) throw sdk::Error(FERRY_E_IO, "walking the unpacked layer " + root + ": " + ec.message());
  for (const fs::path& p : special)
    if (!fs::remove(p, ec) && ec)
      throw sdk::Error(FERRY_E_IO, "removing " + p.string() + ": " + ec.message());
}

}  // namespace ferry::plugins::ostree
