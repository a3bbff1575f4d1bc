#include "dir_files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace ferry::plugins::dir {

namespace {
constexpr size_t max_small_file = 4 * 1024 * 1024;  // as the containers tools limit manifests
std::string os_error() { return std::strerror(errno); }
}  // namespace

FileReader::FileReader(const std::filesystem::path& path, const std::string& what) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0 && errno == ENOENT)
    throw sdk::Error(FERRY_E_NOT_FOUND, what + " is missing: " + path.string() + " does not exist");
  if (fd_ < 0) throw sdk::Error(FERRY_E_IO, "cannot open " + path.string() + ": " + os_error());
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
    if (errno != EINTR) throw sdk::Error(FERRY_E_IO, "reading " + path_.string() + " failed: " + os_error());
  }
}

std::optional<std::string> read_small_file(const std::filesystem::path& path) {
  std::unique_ptr<FileReader> r;
  try {
    r = std::make_unique<FileReader>(path, path.filename().string());
  } catch (const sdk::Error& e) {
    if (e.code() == FERRY_E_NOT_FOUND) return std::nullopt;
    throw;
  }
  if (r->size() > static_cast<int64_t>(max_small_file))
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, path.string() + " is larger than 4 MiB; refusing to read it");
  std::string out(static_cast<size_t>(r->size()), '\0');
  size_t got = 0;
  while (got < out.size()) {
    size_t n = r->read(out.data() + got, out.size() - got);
    if (n == 0) break;
    got += n;
  }
  out.resize(got);
  return out;
}

TempFile::TempFile(const std::filesystem::path& dir) {
  std::string templ = (dir / ".tmp-XXXXXX").string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  fd_ = ::mkostemp(buf.data(), O_CLOEXEC);
  if (fd_ < 0) throw sdk::Error(FERRY_E_IO, "cannot create a file in " + dir.string() + ": " + os_error());
  path_ = buf.data();
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!published_) ::unlink(path_.c_str());
}

void TempFile::write(const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) throw sdk::Error(FERRY_E_IO, "writing " + path_.string() + " failed: " + os_error());
    p += w;
    n -= static_cast<size_t>(w);
  }
}

void TempFile::publish(const std::filesystem::path& target) {
  int fd = fd_;
  fd_ = -1;
  bool ok = ::fsync(fd) == 0 && ::fchmod(fd, 0644) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(path_.c_str(), target.c_str()) != 0)
    throw sdk::Error(FERRY_E_IO, "storing " + target.string() + " failed: " + os_error());
  published_ = true;
}

void write_file(const std::filesystem::path& target, std::string_view bytes) {
  TempFile tmp(target.parent_path());
  tmp.write(bytes.data(), bytes.size());
  tmp.publish(target);
}

}  // namespace ferry::plugins::dir
