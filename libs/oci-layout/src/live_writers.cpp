#include "ferry/oci_layout/live_writers.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry::oci_layout {

namespace {

int open_blobs_dir(const std::filesystem::path& root, bool create) {
  const auto blobs = root / "blobs";
  if (create && ::mkdir(blobs.c_str(), 0755) != 0 && errno != EEXIST)
    throw sdk::Error(FERRY_E_IO, "cannot create " + blobs.string() + ": " + std::strerror(errno));
  int fd = ::open(blobs.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 && create)
    throw sdk::Error(FERRY_E_IO, "cannot open " + blobs.string() + ": " + std::strerror(errno));
  return fd;
}

bool lock(int fd, int how) {
  while (::flock(fd, how) != 0)
    if (errno != EINTR) return false;
  return true;
}

}  // namespace

std::optional<WriterPresence> WriterPresence::enter(const std::filesystem::path& root) {
  int fd = open_blobs_dir(root, true);
  if (!lock(fd, LOCK_SH)) {
    int err = errno;
    ::close(fd);
    throw sdk::Error(FERRY_E_IO, "cannot lock " + (root / "blobs").string() + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_nlink == 0) {  // removed while we waited
    ::close(fd);
    return std::nullopt;
  }
  return WriterPresence(fd);
}

std::optional<WriterPresence> WriterPresence::alone(const std::filesystem::path& root) {
  int fd = open_blobs_dir(root, false);
  if (fd < 0) return std::nullopt;
  if (!lock(fd, LOCK_EX | LOCK_NB)) {
    ::close(fd);
    return std::nullopt;
  }
  return WriterPresence(fd);
}

WriterPresence::WriterPresence(WriterPresence&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

WriterPresence& WriterPresence::operator=(WriterPresence&& other) noexcept {
  if (this != &other) {
    leave();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

WriterPresence::~WriterPresence() { leave(); }

void WriterPresence::leave() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  fd_ = -1;
}

}  // namespace ferry::oci_layout
