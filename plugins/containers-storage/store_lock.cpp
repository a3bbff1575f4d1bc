#include "store_lock.hpp"

#include <ferry/plugin.hpp>

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace ferry::plugins::cstore {
namespace {

// containers/storage's token: nanoseconds since the epoch, a process-wide
// counter and the pid (little-endian), then random bytes; 64 bytes in all.
void make_token(unsigned char (&t)[64]) {
  static std::atomic<uint64_t> counter{0};
  const uint64_t now = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count());
  const uint64_t n = ++counter;
  const uint32_t pid = static_cast<uint32_t>(getpid());
  for (int i = 0; i < 8; ++i) t[i] = static_cast<unsigned char>(now >> (8 * i));
  for (int i = 0; i < 8; ++i) t[8 + i] = static_cast<unsigned char>(n >> (8 * i));
  for (int i = 0; i < 4; ++i) t[16 + i] = static_cast<unsigned char>(pid >> (8 * i));
  size_t got = 0;
  while (got < 44) {
    ssize_t r = getrandom(t + 20 + got, 44 - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) throw sdk::Error(FERRY_E_IO, "cannot read random bytes for a lock token");
    got += static_cast<size_t>(r);
  }
}

}  // namespace

StoreLock::StoreLock(const std::filesystem::path& path, Mode mode) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  // A store we may only read (an additional image store, a read-only mount)
  // is still locked for reading, as containers/storage does.
  if (fd_ < 0 && mode == Mode::read && (errno == EROFS || errno == EACCES))
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    throw sdk::Error(FERRY_E_IO, "cannot open lock file " + path.string() + ": " + std::strerror(errno));
  struct flock fl {};
  fl.l_type = mode == Mode::write ? F_WRLCK : F_RDLCK;
  fl.l_whence = SEEK_SET;
  while (fcntl(fd_, F_OFD_SETLKW, &fl) != 0) {
    if (errno == EINTR) continue;
    const int e = errno;
    ::close(fd_);
    throw sdk::Error(FERRY_E_IO, "cannot lock " + path.string() + ": " + std::strerror(e));
  }
}

StoreLock::~StoreLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the description releases its lock
}

void StoreLock::record_write() {
  unsigned char token[64];
  make_token(token);
  if (pwrite(fd_, token, sizeof token, 0) != static_cast<ssize_t>(sizeof token))
    throw sdk::Error(FERRY_E_IO, "cannot write lock file " + path_.string() + ": " + std::strerror(errno));
}

}  // namespace ferry::plugins::cstore
