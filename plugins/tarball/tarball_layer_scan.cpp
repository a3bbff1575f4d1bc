#include "tarball_layer_scan.hpp"

#include <ferry/image_from_files/go_os_error.hpp>

#include <ferry/compression/compression.hpp>
#include <ferry/digest/digest.hpp>
#include <ferry/media_types.hpp>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace ferry::plugins::tarball {

using image_from_files::go_os_error;

namespace {

// Reads a file descriptor, hashing every byte it delivers and polling for a
// stop request between reads.
class HashingFileReader final : public ByteReader {
 public:
  HashingFileReader(int fd, std::string path, const sdk::Context& ctx)
      : fd_(fd), path_(std::move(path)), ctx_(ctx) {}
  size_t read(void* buf, size_t cap) override {
    if (ctx_.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "context canceled");
    for (;;) {
      ssize_t n = ::read(fd_, buf, cap);
      if (n >= 0) {
        hasher_.update(buf, static_cast<size_t>(n));
        bytes_ += static_cast<uint64_t>(n);
        return static_cast<size_t>(n);
      }
      if (errno != EINTR)
        throw sdk::Error(FERRY_E_IO, "error reading \"" + path_ + "\": " + go_os_error("read", path_, errno));
    }
  }
  std::string finish() { return hasher_.finish().str(); }
  // What was hashed: the blob's size even if the file changed since it was measured.
  uint64_t bytes() const { return bytes_; }

 private:
  int fd_;
  std::string path_;
  const sdk::Context& ctx_;
  Hasher hasher_;
  uint64_t bytes_ = 0;
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

ScannedLayer scan_layer_file(const std::string& path, const sdk::Context& ctx) {
  Fd file;
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd < 0)
    throw sdk::Error(FERRY_E_IO,
                     "error opening \"" + path + "\" for reading: " + go_os_error("open", path, errno));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0)
    throw sdk::Error(FERRY_E_IO,
                     "error reading size of \"" + path + "\": " + go_os_error("stat", path, errno));
  if (!S_ISREG(st.st_mode))
    throw sdk::Error(FERRY_E_IO, "error reading \"" + path + "\": it is not a regular file");

  ScannedLayer layer;
  layer.mtime_seconds = st.st_mtim.tv_sec;
  layer.mtime_nanoseconds = st.st_mtim.tv_nsec;

  // gzip's magic and deflate method: what Go's gzip header check needs to see.
  char head[3] = {};
  ssize_t got = ::pread(file.fd, head, sizeof head, 0);
  const bool gzip = got == 3 && head[0] == '\x1f' && head[1] == '\x8b' && head[2] == '\x08';

  HashingFileReader raw(file.fd, path, ctx);
  std::vector<char> buf(256 * 1024);
  if (gzip) {
    Hasher unpacked;
    auto gunzip = decompressing_reader(raw, Compression::gzip);
    try {
      for (size_t n; (n = gunzip->read(buf.data(), buf.size())) > 0;) unpacked.update(buf.data(), n);
    } catch (const sdk::Error& e) {
      if (e.code() == FERRY_E_CANCELLED) throw;
      throw sdk::Error(FERRY_E_IO, "error reading \"" + path + "\": " + e.what());
    }
    // Bytes after the last gzip member are still part of the blob.
    while (raw.read(buf.data(), buf.size()) > 0) {
    }
    layer.diff_id = unpacked.finish().str();
    layer.media_type = media::oci_layer_gzip;
  } else {
    while (raw.read(buf.data(), buf.size()) > 0) {
    }
    layer.media_type = media::oci_layer;
  }
  layer.blob_digest = raw.finish();
  if (!gzip) layer.diff_id = layer.blob_digest;
  layer.blob_size = static_cast<decltype(layer.blob_size)>(raw.bytes());
  return layer;
}

}  // namespace ferry::plugins::tarball
