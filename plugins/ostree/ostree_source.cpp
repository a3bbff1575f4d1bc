#include "ostree_source.hpp"

#include <ferry/base64.hpp>
#include <ferry/digest/digest.hpp>
#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/tar_split/assembler.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace ferry::plugins::ostree {
namespace fs = std::filesystem;
namespace {

// A file of a commit, streamed.
class StreamReader final : public sdk::Reader {
 public:
  explicit StreamReader(GPtr<GInputStream> in, std::shared_ptr<const Repo> repo = nullptr)
      : repo_(std::move(repo)), in_(std::move(in)) {}
  size_t read(void* buf, size_t cap) override {
    GError* error = nullptr;
    gssize n = g_input_stream_read(in_.get(), buf, cap, nullptr, &error);
    if (n < 0) throw_gerror(error, FERRY_E_IO, "reading from the ostree repository");
    return static_cast<size_t>(n);
  }

 private:
  std::shared_ptr<const Repo> repo_;  // the handle the stream reads through
  GPtr<GInputStream> in_;
};

// A layer tar rebuilt from its tar-split and the files of its commit, read
// straight from the repository (no checkout), as containers/image reads them.
class LayerReader final : public sdk::Reader {
 public:
  LayerReader(std::shared_ptr<const Repo> repo, const std::string& commit, const std::string& tar_split_gz,
              const std::string& temp_dir)
      : repo_(std::move(repo)), root_(repo_->commit_root(commit)) {
    // The assembler reads the tar-split from a file.
    std::string templ = temp_dir + "/ferry-ostree-XXXXXX";
    int fd = ::mkstemp(templ.data());
    if (fd < 0)
      throw sdk::Error(FERRY_E_IO, "creating a temporary file in " + temp_dir + ": " + std::strerror(errno));
    split_ = templ;
    bool ok =
        ::write(fd, tar_split_gz.data(), tar_split_gz.size()) == static_cast<ssize_t>(tar_split_gz.size());
    ::close(fd);
    if (!ok) {
      ::unlink(split_.c_str());
      throw sdk::Error(FERRY_E_IO, "writing " + split_);
    }
    try {
      tar_ = std::make_unique<tar_split::Assembler>(split_,
                                                    [this](const std::string& name) { return open(name); });
    } catch (...) {
      ::unlink(split_.c_str());
      throw;
    }
  }
  ~LayerReader() override {
    tar_.reset();
    ::unlink(split_.c_str());
  }
  size_t read(void* buf, size_t cap) override { return tar_->read(buf, cap); }

 private:
  // A file of the commit by the name the tar-split gives it (untrusted).
  tar_split::FileSource open(const std::string& raw) {
    std::string_view name = raw;
    while (name.starts_with("./")) name.remove_prefix(2);
    bool bad = name.empty() || name.starts_with("/");
    for (size_t start = 0; !bad && start <= name.size();) {
      size_t end = std::min(name.find('/', start), name.size());
      bad = name.substr(start, end - start) == "..";
      start = end + 1;
    }
    if (bad)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "the tar-split names " + raw + ", which is outside the layer");
    GPtr<GFile> file(g_file_resolve_relative_path(root_.get(), std::string(name).c_str()));
    GError* error = nullptr;
    GPtr<GFileInfo> info(g_file_query_info(file.get(), "standard::type,standard::size",
                                           G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, nullptr, &error));
    if (!info) throw_gerror(error, FERRY_E_DIGEST_MISMATCH, "file integrity checksum failed for " + raw);
    if (g_file_info_get_file_type(info.get()) != G_FILE_TYPE_REGULAR)
      throw sdk::Error(FERRY_E_DIGEST_MISMATCH, "file integrity checksum failed for " + raw +
                                                    " (it is not a regular file in the commit)");
    GFileInputStream* in = g_file_read(file.get(), nullptr, &error);
    if (!in) throw_gerror(error, FERRY_E_IO, "reading " + raw + " from the ostree repository");
    return {std::make_unique<StreamReader>(GPtr<GInputStream>(G_INPUT_STREAM(in))),
            static_cast<uint64_t>(g_file_info_get_size(info.get()))};
  }

  std::shared_ptr<const Repo> repo_;  // the handle the commit is read through
  GPtr<GFile> root_;
  std::string split_;
  std::unique_ptr<tar_split::Assembler> tar_;
};

}  // namespace

OstreeSource::OstreeSource(const OstreeReference& ref, const sdk::Context& ctx)
    : ref_(ref), ctx_(ctx), repo_(std::make_shared<Repo>(ref.repo())) {
  auto commit = repo_->resolve(ref_.image_ref());
  if (!commit)
    throw sdk::Error(FERRY_E_NOT_FOUND, "no image " + ref_.image() + " in the ostree repository " +
                                            ref_.repo() + " (no ref " + ref_.image_ref() + ")");
  commit_ = *commit;
  auto manifest = repo_->metadata(commit_).string("docker.manifest");
  if (!manifest)
    throw sdk::Error(FERRY_E_IO, "manifest not found: commit " + commit_ + " of " + ref_.image_ref() +
                                     " in " + ref_.repo() + " has no docker.manifest");
  manifest_ = *manifest;
}

sdk::Manifest OstreeSource::get_manifest(const std::optional<std::string>& instance) {
  if (instance) throw sdk::Error(FERRY_E_NOT_SUPPORTED, "Manifest lists are not supported by \"ostree:\"");
  return {manifest_, ""};  // the host tells the type from the bytes
}

std::vector<sdk::BlobInfo> OstreeSource::stored_layers() {
  auto doc = json_input::parse(manifest_, json_input::limits::manifest, "the stored manifest");
  json_input::Fields m(doc, "the stored manifest");
  std::vector<sdk::BlobInfo> out;
  std::map<std::string, std::string> compressed;
  if (const auto* list = m.array("layers")) {
    for (size_t i = 0; i < list->size(); ++i) {
      json_input::Fields given((*list)[i], "the stored manifest", "layers[" + std::to_string(i) + "]");
      std::string hex =
          Digest::parse(given.string("digest").value_or(""), "a layer digest of the stored manifest").hex();
      std::string ref = kRefPrefix + hex;
      auto commit = repo_->resolve(ref);
      if (!commit)
        throw sdk::Error(
            FERRY_E_IO, "layer ref " + ref + " of image " + ref_.image() + " is missing from " + ref_.repo());
      sdk::BlobInfo b;
      auto metadata = repo_->metadata(*commit);
      auto diff_id = metadata.string("docker.uncompressed_digest");
      if (!diff_id)
        throw sdk::Error(FERRY_E_IO,
                         "commit " + *commit + " of " + ref + " has no docker.uncompressed_digest");
      b.digest = Digest::parse(*diff_id, "docker.uncompressed_digest of " + ref).str();
      b.size = metadata.number("docker.uncompressed_size");
      b.media_type = given.string("mediaType").value_or("");
      compressed[b.digest] = hex;
      out.push_back(std::move(b));
    }
  }
  compressed_ = std::move(compressed);
  return out;
}

std::optional<std::vector<sdk::BlobInfo>> OstreeSource::layers_for_copy(
    const std::optional<std::string>& instance) {
  if (instance) throw sdk::Error(FERRY_E_NOT_SUPPORTED, "Manifest lists are not supported by \"ostree:\"");
  std::lock_guard lock(repo_mutex_);
  return stored_layers();
}

std::unique_ptr<sdk::Reader> OstreeSource::get_blob(const sdk::BlobInfo& info, int64_t& size) {
  std::optional<std::string> layer_hex;  // the compressed digest a layer's commit is named by
  Digest digest = Digest::parse(info.digest, "the requested blob");
  {
    std::lock_guard lock(repo_mutex_);
    if (!compressed_) stored_layers();
    auto it = compressed_->find(digest.str());
    if (it != compressed_->end()) layer_hex = it->second;
  }
  std::string ref = kRefPrefix + layer_hex.value_or(digest.hex());
  // Blobs are read on many threads at once, each through a repository
  // handle of its own, so that no reader shares a handle's caches with
  // another (opening one costs well under a millisecond).
  auto repo = std::make_shared<Repo>(ref_.repo());
  auto commit = repo->resolve(ref);
  if (!commit)
    throw sdk::Error(FERRY_E_NOT_FOUND,
                     "no blob " + info.digest + " in " + ref_.repo() + " (no ref " + ref + ")");
  auto metadata = repo->metadata(*commit);
  auto split = metadata.string("tarsplit.output");
  if (!split) {
    size = metadata.number("docker.size");
    return std::make_unique<StreamReader>(repo->read_file(*commit, "/content"), repo);
  }
  if (!layer_hex)
    throw sdk::Error(FERRY_E_NOT_FOUND, "blob " + info.digest + " was unpacked into " + ref_.repo() +
                                            "; only its uncompressed layer can be read back");
  auto gz = base64::decode(*split);
  if (!gz) throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the tarsplit.output of " + ref + " is not base64");
  size = metadata.number("docker.uncompressed_size");
  return std::make_unique<LayerReader>(repo, *commit, *gz, ctx_.temp_dir());
}

std::optional<std::string> OstreeSource::get_signature(const std::optional<std::string>& instance,
                                                       uint32_t index) {
  if (instance) return std::nullopt;
  std::lock_guard lock(repo_mutex_);
  auto metadata = repo_->metadata(commit_);
  if (!metadata.string("signatures") || index >= static_cast<uint64_t>(metadata.number("signatures")))
    return std::nullopt;
  StreamReader in(repo_->read_file(commit_, "/signature-" + std::to_string(index + 1)));
  std::string out;
  char buf[65536];
  for (size_t n; (n = in.read(buf, sizeof buf)) > 0;) {
    out.append(buf, n);
    if (out.size() > (4u << 20))
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a signature is larger than 4 MiB");
  }
  return out;
}

}  // namespace ferry::plugins::ostree
