// A thin C++ layer over libostree and GLib for the ostree: transport: owned
// GObjects and GVariants, GErrors turned into ferry errors, and the few repo
// operations the transport needs (refs, commit metadata, commits of a
// directory inside one transaction, reading a file of a commit).
#pragma once

#include <ferry/plugin.hpp>

#include <ostree.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ferry::plugins::ostree {

struct GObjectUnref {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GVariantUnref {
  void operator()(GVariant* v) const {
    if (v) g_variant_unref(v);
  }
};
using VariantPtr = std::unique_ptr<GVariant, GVariantUnref>;

// Throws sdk::Error(code, "<what>: <error's message>") and frees the error.
[[noreturn]] void throw_gerror(GError* error, ferry_status code, const std::string& what);

// The prefix of every ref the transport writes: ociimage/<hex> for blobs,
// ociimage/<escaped image> for images.
inline constexpr const char* kRefPrefix = "ociimage/";
// Every commit names this all-zero parent, as containers/image's do.
inline constexpr const char* kNoParent = "0000000000000000000000000000000000000000000000000000000000000000";

// String entries a commit is written with.
using MetadataEntries = std::vector<std::pair<std::string, std::string>>;

class Repo {
 public:
  // Opens the repository at `path`; FERRY_E_IO naming the path when there is
  // none or it is not an ostree repository.
  explicit Repo(const std::string& path);
  ~Repo();
  Repo(const Repo&) = delete;
  Repo& operator=(const Repo&) = delete;

  const std::string& path() const { return path_; }
  OstreeRepoMode mode() const;

  // The commit a ref points to, or nullopt.
  std::optional<std::string> resolve(const std::string& ref) const;
  // A commit's metadata, read once for all its entries.
  class Metadata;
  Metadata metadata(const std::string& commit) const;
  // An input stream of the file at `path` ("/content") in a commit.
  GPtr<GInputStream> read_file(const std::string& commit, const std::string& path) const;
  // The root directory of a commit, whose files can be read.
  GPtr<GFile> commit_root(const std::string& commit) const;
  // Transaction: objects written in it become visible, and refs move, only
  // at commit_transaction; abort (or a killed process) leaves neither.
  // Objects and commits may be written into it from many threads at once.
  void begin_transaction();
  void commit_transaction();
  void abort_transaction() noexcept;
  bool in_transaction() const { return in_transaction_; }

  // Writes a commit of the directory tree at `dir` (its owners, modes,
  // xattrs; device nodes, fifos and sockets must be gone) with string
  // metadata and points `ref` at it when the transaction commits. Returns
  // the commit checksum.
  std::string commit_directory(const std::string& dir, const MetadataEntries& metadata,
                               const std::string& ref);
  // The same for a tree built in memory; its root gets the metadata of a
  // directory made by mkdir -p as root (0755, 0:0), as an untar leaves it.
  std::string commit_tree(OstreeMutableTree* mtree, const MetadataEntries& metadata, const std::string& ref);

  OstreeRepo* raw() const { return repo_.get(); }

 private:
  void require_transaction() const;
  std::string write_commit(OstreeMutableTree* mtree, const MetadataEntries& metadata, const std::string& ref);
  std::string path_;
  GPtr<OstreeRepo> repo_;
  std::atomic<bool> in_transaction_ = false;
};

// The metadata of a commit, as containers/image writes it: string entries.
class Repo::Metadata {
 public:
  explicit Metadata(VariantPtr dict, std::string what) : dict_(std::move(dict)), what_(std::move(what)) {}
  // The string entry `key`, or nullopt.
  std::optional<std::string> string(const char* key) const;
  // An entry holding a non-negative decimal number (sizes, counts);
  // FERRY_E_INVALID_ARGUMENT naming it when it is missing or is not one.
  int64_t number(const char* key) const;

 private:
  VariantPtr dict_;
  std::string what_;  // "commit <checksum> in <repo>", for errors
};

// containers/image's branch name of an image: every byte outside
// [A-Za-z0-9.-] written as _%02X.
std::string encode_ref(const std::string& image);

}  // namespace ferry::plugins::ostree
