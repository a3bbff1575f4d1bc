#include "sif_source.hpp"

#include "sif_deffile.hpp"
#include "sif_format.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/file_io/file_reader.hpp>
#include <ferry/image_from_files/go_json.hpp>
#include <ferry/image_from_files/go_os_error.hpp>
#include <ferry/image_from_files/made_image.hpp>
#include <ferry/media_types.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry::plugins::sif {

namespace iff = image_from_files;

namespace {

// A definition file larger than this is no definition file.
constexpr int64_t max_def_file = 16 * 1024 * 1024;

[[noreturn]] void bad_sif(const std::string& file, const std::string& what) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "loading SIF file " + file + ": " + what);
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

size_t pread_fully(int fd, void* out, size_t n, uint64_t offset) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, static_cast<char*>(out) + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw sdk::Error(FERRY_E_IO, std::string("loading SIF file: read: ") + std::strerror(errno));
    if (r == 0) break;
    done += static_cast<size_t>(r);
  }
  return done;
}

}  // namespace

SifSource::SifSource(const std::string& file, const sdk::Context& ctx) {
  Fd sif;
  sif.fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (sif.fd < 0) throw sdk::Error(FERRY_E_IO, "loading SIF file: " + iff::go_os_error("open", file, errno));
  struct stat st {};
  if (::fstat(sif.fd, &st) != 0 || !S_ISREG(st.st_mode)) bad_sif(file, "it is not a regular file");

  const SifImage image =
      parse_sif([&](uint64_t offset, void* out, size_t n) { return pread_fully(sif.fd, out, n, offset); },
                static_cast<uint64_t>(st.st_size));
  if (image.descriptors_free == image.descriptors_total || image.used.empty())
    bad_sif(file, "no objects in image: the descriptor table is empty");

  // The definition file, when there is exactly one, gives the command to run.
  std::optional<std::string> script;
  if (auto def = find_descriptor(image, sif_data_deffile, std::nullopt)) {
    if (def->size > max_def_file)
      bad_sif(file, "the definition file object is " + std::to_string(def->size) + " bytes; at most " +
                        std::to_string(max_def_file) + " are supported");
    std::string text(static_cast<size_t>(def->size), '\0');
    text.resize(pread_fully(sif.fd, text.data(), text.size(), static_cast<uint64_t>(def->offset)));
    script = injected_script(parse_def_file(text));
  }

  bool multiple = false;
  auto rootfs = find_descriptor(image, sif_data_partition, sif_part_primary_system, &multiple);
  if (!rootfs)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "looking up rootfs from SIF file " + file + ": " +
                         (multiple ? "multiple primary system partitions found"
                                   : "object not found (the image has no primary system partition)"));
  if (rootfs->fs_type != sif_fs_squashfs)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "the primary system partition of SIF file " + file + " holds " +
                         sif_fs_type_name(rootfs->fs_type) +
                         ", not Squashfs: only squashfs root file systems can be read");

  // Checked before the conversion, which is the expensive part.
  const std::string created = iff::go_json_time(image.modified_at);
  work_ = std::make_unique<SifWorkDir>(ctx.temp_dir());
  layer_ = make_sif_layer(sif.fd, *rootfs, script, work_->path(), ctx);

  iff::MadeConfig config;
  config.created = created;
  config.architecture = image.arch;
  config.os = "linux";
  config.cmd = {script ? "/" + std::string(injected_script_path) : "bash"};
  config.diff_ids = {layer_.digest};
  config.history = {
      iff::HistoryEntry{.created = created,
                        .created_by = "/bin/sh -c #(nop) ADD file:" +
                                      layer_.digest.substr(layer_.digest.find(':') + 1) + " in /",
                        .comment = "imported from SIF, uuid: " + image.id,
                        .empty_layer = false},
      // The history says bash even when the command is the runscript, as the containers tools write it.
      iff::HistoryEntry{.created = created,
                        .created_by = "/bin/sh -c #(nop) CMD [\"bash\"]",
                        .comment = "",
                        .empty_layer = true},
  };
  config_ = iff::config_json(config);
  config_digest_ = Digest::of(config_).str();
  manifest_ = iff::manifest_json(
      config_digest_, static_cast<int64_t>(config_.size()),
      {iff::LayerDescriptor{
          .media_type = std::string(media::oci_layer), .digest = layer_.digest, .size = layer_.size}},
      true);
}

sdk::Manifest SifSource::get_manifest(const std::optional<std::string>& instance) {
  if (instance) throw sdk::Error(FERRY_E_NOT_FOUND, "manifest lists are not supported by the sif transport");
  return {manifest_, std::string(media::oci_manifest)};
}

std::unique_ptr<sdk::Reader> SifSource::get_blob(const sdk::BlobInfo& info, int64_t& size) {
  if (info.digest == config_digest_) {
    size = static_cast<int64_t>(config_.size());
    return std::make_unique<sdk::BytesReader>(config_);
  }
  if (info.digest == layer_.digest) {
    auto reader = std::make_unique<file_io::FileReader>(layer_.tar, "the SIF layer");
    size = layer_.size;
    return reader;
  }
  throw sdk::Error(FERRY_E_NOT_FOUND, "no blob with digest \"" + info.digest + "\" found");
}

}  // namespace ferry::plugins::sif
