#include "ferry/file_io/staging.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace ferry::file_io {

namespace fs = std::filesystem;

namespace {

// Younger than this, an unlocked entry may be one a live writer has just
// created and not yet locked.
constexpr std::chrono::seconds settle_time{2};

}  // namespace

bool lock_staging(int fd, bool wait) {
  while (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

StagingLock::StagingLock(const fs::path& dir) {
  fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0 || !lock_staging(fd_, true))
    throw sdk::Error(FERRY_E_IO,
                     "cannot lock the staging directory " + dir.string() + ": " + std::strerror(errno));
}

StagingLock::~StagingLock() {
  if (fd_ >= 0) ::close(fd_);
}

StagingLock::StagingLock(StagingLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

StagingLock& StagingLock::operator=(StagingLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void remove_stale_staging(const fs::path& dir, std::string_view prefix) {
  std::error_code ec;
  const auto now = std::chrono::system_clock::now();
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0) continue;
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) continue;
    const auto changed = std::chrono::system_clock::from_time_t(st.st_mtim.tv_sec);
    if (now - changed < settle_time) continue;
    int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;
    // Held by a live writer: not ours to touch.
    if (lock_staging(fd, false)) {
      std::error_code rm;
      fs::remove_all(entry.path(), rm);
    }
    ::close(fd);
  }
}

fs::path tidied_scratch_dir(const fs::path& dir, std::string_view prefix) {
  remove_stale_staging(dir, prefix);
  return dir;
}

}  // namespace ferry::file_io
