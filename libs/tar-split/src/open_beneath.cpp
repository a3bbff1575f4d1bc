#include "open_beneath.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define FERRY_HAVE_OPENAT2 1
#endif

namespace ferry::tar_split {
namespace {

[[noreturn]] void refuse(const std::string& name, const std::string& why) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the tar-split names " + name + ", " + why);
}

[[noreturn]] void fail(const std::string& name, int e) {
  if (e == ENOENT || e == ENOTDIR)
    throw sdk::Error(FERRY_E_NOT_FOUND, "the layer's file " + name + " is missing from its directory");
  if (e == ELOOP || e == EXDEV) refuse(name, "which is reached through a symbolic link; it is not read");
  throw sdk::Error(FERRY_E_IO, "cannot open the layer's file " + name + ": " + std::strerror(e));
}

// Without openat2: one component at a time, following no symbolic link at all.
int open_by_components(int root_fd, const std::string& name) {
  int dir = root_fd;
  size_t i = 0;
  for (;;) {
    size_t j = name.find('/', i);
    std::string part = name.substr(i, j == std::string::npos ? std::string::npos : j - i);
    bool last = j == std::string::npos || name.find_first_not_of('/', j) == std::string::npos;
    if (part.empty() || part == ".") {
      if (last) break;
      i = j + 1;
      continue;
    }
    int fd =
        ::openat(dir, part.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? O_NONBLOCK : O_DIRECTORY));
    int e = errno;
    if (dir != root_fd) ::close(dir);
    if (fd < 0) fail(name, e);
    if (last) return fd;
    dir = fd;
    i = j + 1;
  }
  if (dir != root_fd) ::close(dir);
  refuse(name, "which is not a file");
}

}  // namespace

int open_beneath(int root_fd, const std::string& name) {
  if (name.empty()) refuse("an empty path", "which is not a file");
  if (name[0] == '/') refuse(name, "an absolute path; it is not read");
  for (size_t i = 0; i <= name.size();) {
    size_t j = name.find('/', i);
    if (j == std::string::npos) j = name.size();
    if (name.compare(i, j - i, "..") == 0) refuse(name, "a path with \"..\"; it is not read");
    i = j + 1;
  }
  if (name.find('\0') != std::string::npos) refuse(name, "a path with a NUL byte; it is not read");

  int fd = -1;
#ifdef FERRY_HAVE_OPENAT2
  // Symbolic links inside the layer resolve as if the layer were the root;
  // the last component is never followed (a file's content is in a file).
  open_how how{};
  how.flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;  // a FIFO must not block the open
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  fd = static_cast<int>(::syscall(SYS_openat2, root_fd, name.c_str(), &how, sizeof how));
  if (fd < 0 && errno != ENOSYS && errno != EPERM) fail(name, errno);
#endif
  if (fd < 0) fd = open_by_components(root_fd, name);

  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    refuse(name, "which is not a regular file in the layer");
  }
  return fd;
}

}  // namespace ferry::tar_split
