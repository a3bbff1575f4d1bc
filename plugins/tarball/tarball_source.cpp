#include "tarball_source.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/file_io/file_reader.hpp>
#include <ferry/image_from_files/go_json.hpp>
#include <ferry/image_from_files/made_image.hpp>
#include <ferry/media_types.hpp>

#include <ferry/file_io/staging.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <tuple>
#include <poll.h>
#include <unistd.h>

namespace ferry::plugins::tarball {

namespace iff = image_from_files;

namespace {

constexpr const char* stdin_prefix = "ferry-tarball-stdin-";

std::unique_ptr<file_io::TempFile> read_stdin(const sdk::Context& ctx) {
  auto file = std::make_unique<file_io::TempFile>(file_io::tidied_scratch_dir(ctx.temp_dir(), stdin_prefix),
                                                  stdin_prefix, file_io::TempFile::Use::scratch);
  std::vector<char> buf(256 * 1024);
  for (;;) {
    if (ctx.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "context canceled");
    // Waits in short steps: a read blocked on a silent pipe would not see a stop
    // (signals restart it).
    pollfd ready{.fd = 0, .events = POLLIN, .revents = 0};
    if (::poll(&ready, 1, 100) == 0) continue;
    ssize_t n = ::read(0, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw sdk::Error(FERRY_E_IO, std::string("error buffering stdin: ") + std::strerror(errno));
    if (n == 0) return file;
    file->write(buf.data(), static_cast<size_t>(n));
  }
}

}  // namespace

TarballSource::TarballSource(std::vector<std::string> files, const sdk::Context& ctx)
    : files_(std::move(files)) {
  iff::MadeConfig config;
  // The image is as new as its newest file (the zero time when none is).
  int64_t newest_seconds = -62135596800;  // Go's zero time, 0001-01-01
  int64_t newest_nanoseconds = 0;
  for (auto& file : files_) {
    const bool from_stdin = file == "-";
    if (from_stdin) {
      if (!stdin_) stdin_ = read_stdin(ctx);
      file = stdin_->path().string();
    }
    ScannedLayer layer = scan_layer_file(file, ctx);
    if (from_stdin) {
      // skopeo dates what it read from stdin when it read it.
      auto now = std::chrono::system_clock::now().time_since_epoch();
      layer.mtime_seconds = std::chrono::duration_cast<std::chrono::seconds>(now).count();
      layer.mtime_nanoseconds =
          std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() % 1000000000;
    }
    config.diff_ids.push_back(layer.diff_id);
    config.history.push_back(iff::HistoryEntry{
        .created = iff::go_json_time(layer.mtime_seconds, layer.mtime_nanoseconds),
        .created_by =
            "/bin/sh -c #(nop) ADD file:" + layer.diff_id.substr(layer.diff_id.find(':') + 1) + " in /",
        .comment = "imported from tarball",
        .empty_layer = false,
    });
    if (std::tie(newest_seconds, newest_nanoseconds) <
        std::tie(layer.mtime_seconds, layer.mtime_nanoseconds)) {
      newest_seconds = layer.mtime_seconds;
      newest_nanoseconds = layer.mtime_nanoseconds;
    }
    layers_.push_back(std::move(layer));
  }
  config.created = iff::go_json_time(newest_seconds, newest_nanoseconds);
  config.architecture = iff::go_arch();
  config.os = "linux";
  config_ = iff::config_json(config);
  config_digest_ = Digest::of(config_).str();

  std::vector<iff::LayerDescriptor> descriptors;
  for (const auto& l : layers_)
    descriptors.push_back(
        iff::LayerDescriptor{.media_type = l.media_type, .digest = l.blob_digest, .size = l.blob_size});
  manifest_ = iff::manifest_json(config_digest_, static_cast<int64_t>(config_.size()), descriptors, false);
}

sdk::Manifest TarballSource::get_manifest(const std::optional<std::string>& instance) {
  if (instance)
    throw sdk::Error(FERRY_E_NOT_FOUND, "manifest lists are not supported by the \"tarball\" transport");
  return {manifest_, std::string(media::oci_manifest)};
}

std::unique_ptr<sdk::Reader> TarballSource::get_blob(const sdk::BlobInfo& info, int64_t& size) {
  if (info.digest == config_digest_) {
    size = static_cast<int64_t>(config_.size());
    return std::make_unique<sdk::BytesReader>(config_);
  }
  for (size_t i = 0; i < layers_.size(); ++i) {
    if (layers_[i].blob_digest != info.digest) continue;
    auto reader = std::make_unique<file_io::FileReader>(files_[i], "layer file \"" + files_[i] + "\"");
    size = layers_[i].blob_size;
    return reader;
  }
  throw sdk::Error(FERRY_E_NOT_FOUND, "no blob with digest \"" + info.digest + "\" found");
}

}  // namespace ferry::plugins::tarball
