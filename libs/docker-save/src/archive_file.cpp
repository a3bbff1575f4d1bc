#include "ferry/docker_save/archive_file.hpp"

#include <ferry/file_io/staging.hpp>
#include <ferry/file_io/archive_error.hpp>
#include <ferry/file_io/temp_file.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry::docker_save {

namespace {
constexpr size_t buffer_size = 1024 * 1024;
}

bool looks_compressed(const unsigned char* h, size_t n) {
  auto starts = [&](const char* magic, size_t len) { return n >= len && std::memcmp(h, magic, len) == 0; };
  return starts("\x1f\x8b", 2) || starts("BZh", 3) ||
         starts(
             "\xfd"
             "7zXZ\0",
             6) ||
         starts("\x28\xb5\x2f\xfd", 4);
}

ArchiveFile::ArchiveFile(const std::filesystem::path& path, std::string label, const sdk::Context& ctx)
    : label_(std::move(label)) {
  int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    int err = errno;
    // A missing archive is a missing store, not a missing image (exit 1, as skopeo).
    if (err == ENOENT) throw sdk::Error(FERRY_E_IO, label_ + " does not exist");
    throw sdk::Error(FERRY_E_IO, "cannot open " + label_ + ": " + std::strerror(err));
  }
  struct stat st {};
  ::fstat(in, &st);
  if (S_ISDIR(st.st_mode)) {
    ::close(in);
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, label_ + " is a directory, not a docker archive");
  }
  unsigned char head[6] = {};
  ssize_t got = S_ISREG(st.st_mode) ? ::pread(in, head, sizeof head, 0) : 0;
  if (S_ISREG(st.st_mode) && got >= 0 && !looks_compressed(head, static_cast<size_t>(got))) {
    fd_ = in;
    size_ = static_cast<uint64_t>(st.st_size);
    return;
  }
  try {
    spool(in, ctx);
  } catch (...) {
    ::close(in);
    throw;
  }
  ::close(in);
}

ArchiveFile::~ArchiveFile() {
  if (fd_ >= 0) ::close(fd_);
}

void ArchiveFile::spool(int in, const sdk::Context& ctx) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_raw(a.get());  // the tar itself is indexed by us, not libarchive
  if (archive_read_open_fd(a.get(), in, buffer_size) != ARCHIVE_OK)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "cannot read " + label_ + ": " + file_io::archive_error(a.get()));
  archive_entry* e = nullptr;
  if (archive_read_next_header(a.get(), &e) != ARCHIVE_OK)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "cannot read " + label_ + ": " + file_io::archive_error(a.get()));

  file_io::TempFile tmp(file_io::tidied_scratch_dir(ctx.temp_dir(), "docker-archive-"), "docker-archive-",
                        file_io::TempFile::Use::scratch);
  auto buf = std::make_unique<char[]>(buffer_size);
  for (;;) {
    if (ctx.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "reading " + label_ + " was cancelled");
    la_ssize_t n = archive_read_data(a.get(), buf.get(), buffer_size);
    if (n < 0)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, label_ + " cannot be decompressed (is it truncated?): " +
                                                     file_io::archive_error(a.get()));
    if (n == 0) break;
    tmp.write(buf.get(), static_cast<size_t>(n));
    size_ += static_cast<uint64_t>(n);
  }
  // Opened again for reading; the name goes with `tmp`, the data stays until close.
  fd_ = ::open(tmp.path().c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    throw sdk::Error(FERRY_E_IO, "cannot reopen " + tmp.path().string() + ": " + std::strerror(errno));
}

}  // namespace ferry::docker_save
