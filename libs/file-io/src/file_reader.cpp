#include "ferry/file_io/file_reader.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry::file_io {

namespace {
std::string os_error(int err) { return std::strerror(err); }
}  // namespace

FileReader::FileReader(const std::filesystem::path& path, std::string what) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    int err = errno;
    if (err == ENOENT)
      throw sdk::Error(FERRY_E_NOT_FOUND, what + " is missing: " + path.string() + " does not exist");
    throw sdk::Error(FERRY_E_IO, "cannot open " + what + " at " + path.string() + ": " + os_error(err));
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw sdk::Error(FERRY_E_IO, path.string() + " (" + what + ") is not a regular file");
  }
  size_ = st.st_size;
}

FileReader::~FileReader() {
  if (fd_ >= 0) ::close(fd_);
}

size_t FileReader::read(void* buf, size_t cap) {
  for (;;) {
    ssize_t n = ::read(fd_, buf, cap);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    throw sdk::Error(FERRY_E_IO, "reading " + path_.string() + " failed: " + os_error(errno));
  }
}

std::optional<std::string> read_small_file(const std::filesystem::path& path, size_t limit) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw sdk::Error(FERRY_E_IO, "cannot open " + path.string() + ": " + os_error(errno));
  }
  std::string out;
  char buf[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      throw sdk::Error(FERRY_E_IO, "reading " + path.string() + " failed: " + os_error(err));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > limit) {
      ::close(fd);
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, path.string() + " is larger than " + std::to_string(limit) +
                                                     " bytes; refusing to read it");
    }
  }
  ::close(fd);
  return out;
}

}  // namespace ferry::file_io
