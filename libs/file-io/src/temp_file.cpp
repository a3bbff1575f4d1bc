#include "ferry/file_io/temp_file.hpp"

#include "ferry/file_io/staging.hpp"

#include <ferry/plugin.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace ferry::file_io {

namespace {
constexpr uint64_t writeback_step = 8 << 20;
}  // namespace

TempFile::TempFile(const std::filesystem::path& dir, std::string_view prefix, Use use)
    : paced_(use == Use::publish) {
  std::string templ = (dir / (std::string(prefix) + "XXXXXX")).string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  fd_ = ::mkostemp(buf.data(), O_CLOEXEC);
  if (fd_ < 0)
    throw sdk::Error(FERRY_E_IO,
                     "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno));
  path_ = buf.data();
  lock_staging(fd_, true);  // held until published or removed: see staging.hpp
}

TempFile::~TempFile() {
  if (!published_) ::unlink(path_.c_str());  // before the lock goes with the descriptor
  if (fd_ >= 0) ::close(fd_);
}

void TempFile::write(const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) throw sdk::Error(FERRY_E_IO, "writing " + path_.string() + " failed: " + std::strerror(errno));
    p += w;
    n -= static_cast<size_t>(w);
    next_ += static_cast<uint64_t>(w);
    wrote_up_to(next_);
  }
}

void TempFile::write_at(uint64_t at, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::pwrite(fd_, p, n, static_cast<off_t>(at));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) throw sdk::Error(FERRY_E_IO, "writing " + path_.string() + " failed: " + std::strerror(errno));
    p += w;
    at += static_cast<uint64_t>(w);
    n -= static_cast<size_t>(w);
    wrote_up_to(at);
  }
}

// Starts the writeback of what was written since the last step, without
// waiting for it. Advice only: a failure shows again at the fsync.
void TempFile::wrote_up_to(uint64_t end) {
  end_ = std::max(end_, end);
  if (!paced_ || end_ - handed_to_writeback_ < writeback_step) return;
  ::sync_file_range(fd_, static_cast<off_t>(handed_to_writeback_),
                    static_cast<off_t>(end_ - handed_to_writeback_), SYNC_FILE_RANGE_WRITE);
  handed_to_writeback_ = end_;
}

void TempFile::publish(const std::filesystem::path& target, unsigned mode) {
  auto fail = [&](const char* step) {
    throw sdk::Error(FERRY_E_IO, std::string(step) + " " + path_.string() + " -> " + target.string() +
                                     " failed: " + std::strerror(errno));
  };
  // Durable before visible: a crash must not leave a named but empty file.
  if (::fsync(fd_) != 0) fail("fsync");
  if (::fchmod(fd_, static_cast<mode_t>(mode)) != 0) fail("chmod");
  // Renamed while still open and locked, so no one takes it for a dead writer's.
  if (::rename(path_.c_str(), target.c_str()) != 0) fail("rename");
  published_ = true;
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("close");
}

void write_file_atomically(const std::filesystem::path& target, std::string_view bytes, unsigned mode) {
  auto dir = target.parent_path();
  TempFile tmp(dir.empty() ? "." : dir, "." + target.filename().string() + ".tmp-");
  tmp.write(bytes.data(), bytes.size());
  tmp.publish(target, mode);
}

}  // namespace ferry::file_io
