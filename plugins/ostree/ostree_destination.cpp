#include "ostree_destination.hpp"

#include "ostree_layer.hpp"

#include <ferry/base64.hpp>
#include <ferry/compression/byte_reader.hpp>
#include <ferry/digest/digest.hpp>
#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/media_types.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace ferry::plugins::ostree {
namespace fs = std::filesystem;
namespace {

// The host's blob stream as a ByteReader, counting and optionally hashing.
class CountingReader final : public ByteReader {
 public:
  explicit CountingReader(sdk::BlobStream& in) : in_(in) {}
  size_t read(void* buf, size_t cap) override {
    size_t n = in_.read(buf, cap);
    count += static_cast<int64_t>(n);
    return n;
  }
  // Reads what is left, so the host sees the stream end (and checks its digest).
  void drain() {
    char buf[65536];
    while (read(buf, sizeof buf) > 0) {
    }
  }
  int64_t count = 0;

 private:
  sdk::BlobStream& in_;
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void fail_errno(const std::string& what) {
  throw sdk::Error(FERRY_E_IO, what + ": " + std::strerror(errno));
}

void make_dir(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) != 0) fail_errno("creating " + path);
  if (::chmod(path.c_str(), mode) != 0) fail_errno("setting the mode of " + path);
}

void write_file(const std::string& path, std::string_view bytes) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) fail_errno("creating " + path);
  if (::fchmod(fd.get(), 0644) != 0) fail_errno("setting the mode of " + path);
  while (!bytes.empty()) {
    ssize_t n = ::write(fd.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_errno("writing " + path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

std::string read_whole(int fd, const std::string& what) {
  std::string out;
  if (::lseek(fd, 0, SEEK_SET) < 0) fail_errno("reading " + what);
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_errno("reading " + what);
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::string blob_hex(const std::string& digest, const char* what) {
  return Digest::parse(digest, what).hex();
}

}  // namespace

OstreeDestination::OstreeDestination(const OstreeReference& ref, const sdk::Context& ctx)
    : ref_(ref), ctx_(ctx), repo_(std::make_unique<Repo>(ref.repo())) {
  // Begun here, committed in commit() and aborted in the destructor: the
  // host calls those on the thread that opened the destination, while layers
  // are written into the transaction from its worker threads (libostree
  // allows object writes from many threads inside one transaction).
  repo_->begin_transaction();
  std::string tmp = ctx.option("ostree-tmp-dir").value_or("");
  if (tmp.empty()) tmp = ctx.temp_dir();
  std::error_code ec;
  fs::create_directories(tmp, ec);
  if (ec) throw sdk::Error(FERRY_E_IO, "creating the temporary directory " + tmp + ": " + ec.message());
  std::string templ = tmp + "/ferry-ostree-XXXXXX";
  if (!::mkdtemp(templ.data())) fail_errno("creating a temporary directory in " + tmp);
  staging_ = templ;
}

OstreeDestination::~OstreeDestination() {
  repo_->abort_transaction();
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

std::vector<std::string> OstreeDestination::supported_manifest_types() {
  return {std::string(media::docker_v2s2)};
}

std::string OstreeDestination::next_path(const char* what) {
  return staging_ + "/" + what + "-" + std::to_string(counter_++);
}

bool OstreeDestination::has_blob(const sdk::BlobInfo& info) {
  if (info.is_config || info.digest.empty()) return false;
  auto commit = repo_->resolve(kRefPrefix + blob_hex(info.digest, "a layer digest"));
  if (!commit) return false;
  // A commit of this name that is not a complete layer is written again.
  auto metadata = repo_->metadata(*commit);
  for (const char* key : {"docker.uncompressed_digest", "docker.uncompressed_size", "docker.size"})
    if (!metadata.string(key)) return false;
  return true;
}

void OstreeDestination::put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  if (info.is_config)
    put_config(info, data);
  else
    put_layer(info, data);
}

void OstreeDestination::put_config(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  std::string dir = next_path("config");
  make_dir(dir, 0700);  // as containers/image's MkdirTemp leaves it
  std::string bytes;
  char buf[65536];
  for (size_t n; (n = data.read(buf, sizeof buf)) > 0;) {
    bytes.append(buf, n);
    if (bytes.size() > (64u << 20))
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the config blob is larger than 64 MiB");
  }
  std::string digest = info.digest.empty() ? data.digest() : info.digest;
  write_file(dir + "/content", bytes);
  repo_->commit_directory(dir, {{"docker.size", std::to_string(bytes.size())}},
                          kRefPrefix + blob_hex(digest, "the config digest"));
  std::error_code ec;
  fs::remove_all(dir, ec);
}

void OstreeDestination::put_layer(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  std::string dir = next_path("layer");
  make_dir(dir, 0700);
  struct Remove {
    std::string path;
    ~Remove() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  } remove_dir{dir};
  std::string split_path = dir + "/tar-split.json.gz";
  Fd split(::open(split_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (split.get() < 0) fail_errno("creating " + split_path);

  CountingReader blob(data);
  auto cancelled = [this] { return ctx_.cancelled(); };
  GPtr<OstreeMutableTree> tree;
  std::string tree_dir;
  UnpackedLayer layer;
  if (repo_->mode() == OSTREE_REPO_MODE_BARE_USER_ONLY) {
    // libostree's archive import aborts on a device node or fifo in such a
    // repository (its canonical permissions know no other file types), so
    // the layer is unpacked and the directory committed.
    tree_dir = dir + "/root";
    make_dir(tree_dir, 0755);
    layer = unpack_layer(blob, tree_dir, split.get(), cancelled);
    remove_special_files(tree_dir);
  } else {
    tree.reset(ostree_mutable_tree_new());
    layer = import_layer(blob, repo_->raw(), tree.get(), split.get(), cancelled);
  }
  blob.drain();
  std::string digest = info.digest.empty() ? data.digest() : info.digest;
  std::string ref = kRefPrefix + blob_hex(digest, "a layer digest");

  MetadataEntries metadata = {
      {"docker.size", std::to_string(blob.count)},
      {"docker.uncompressed_size", std::to_string(layer.diff_size)},
      {"docker.uncompressed_digest", layer.diff_id},
      {"tarsplit.output", base64::encode(read_whole(split.get(), split_path))},
  };
  if (tree)
    repo_->commit_tree(tree.get(), metadata, ref);
  else
    repo_->commit_directory(tree_dir, metadata, ref);
}

void OstreeDestination::put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                                     const std::string& mime) {
  if (instance) throw sdk::Error(FERRY_E_NOT_SUPPORTED, "Manifest lists are not supported by \"ostree:\"");
  std::string type = mime;
  if (type.empty()) {
    auto doc = json_input::parse(bytes, json_input::limits::manifest, "the manifest");
    json_input::Fields m(doc, "the manifest");
    type = m.string("mediaType").value_or("");
  }
  if (type != media::docker_v2s2)
    throw sdk::Error(FERRY_E_MANIFEST_REJECTED, "ostree: stores only " + std::string(media::docker_v2s2) +
                                                    " manifests, not " + (type.empty() ? "this one" : type));
  manifest_ = std::string(bytes);
}

void OstreeDestination::put_signature(const std::optional<std::string>& instance, uint32_t index,
                                      std::string_view bytes) {
  if (instance) throw sdk::Error(FERRY_E_NOT_SUPPORTED, "Manifest lists are not supported by \"ostree:\"");
  if (index >= signatures_.size()) signatures_.resize(index + 1);
  signatures_[index] = std::string(bytes);
}

void OstreeDestination::commit() {
  if (!manifest_) throw sdk::Error(FERRY_E_INTERNAL, "commit without a manifest");
  std::string dir = next_path("manifest");
  make_dir(dir, 0755);
  write_file(dir + "/manifest.json", *manifest_);
  for (size_t i = 0; i < signatures_.size(); ++i)
    write_file(dir + "/signature-" + std::to_string(i + 1), signatures_[i]);
  MetadataEntries metadata = {
      {"docker.manifest", *manifest_},
      {"signatures", std::to_string(signatures_.size())},
      {"docker.digest", Digest::of(*manifest_).str()},
  };
  repo_->commit_directory(dir, metadata, ref_.image_ref());
  repo_->commit_transaction();
}

}  // namespace ferry::plugins::ostree
