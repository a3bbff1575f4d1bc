#include "safe_path.hpp"

#include "errors.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ferry::layer_unpack::detail {

std::vector<std::string> split_name(std::string_view name, std::string_view entry, const std::string& what) {
  if (name.size() > max_path)
    fail(FERRY_E_INVALID_ARGUMENT, entry, what + "the name is longer than 4096 bytes");
  if (name.find('\0') != std::string_view::npos)
    fail(FERRY_E_INVALID_ARGUMENT, entry, what + "the name holds a NUL");
  if (!name.empty() && name.front() == '/') fail(FERRY_E_INVALID_ARGUMENT, entry, what + "absolute path");
  std::vector<std::string> parts;
  size_t at = 0;
  while (at <= name.size()) {
    size_t end = name.find('/', at);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(at, end - at);
    // ".." is refused even where it would stay inside ("a/../b"): no
    // legitimate layer needs it and refusing it leaves nothing to get wrong.
    if (part == "..") fail(FERRY_E_INVALID_ARGUMENT, entry, what + "path leaves the layer");
    if (!part.empty() && part != ".") parts.emplace_back(part);
    at = end + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += '/';
    out += parts[i];
  }
  return out;
}

Fd open_dir(int root, const std::string& rel, int& err, bool follow_last, bool beneath) {
  open_how how{};
  how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW);
  // Links resolve as in a chroot at root, as containers/storage unpacks: an
  // absolute "var/run -> /run" of a lower layer leads to root/run, never out.
  how.resolve = (beneath ? RESOLVE_BENEATH : RESOLVE_IN_ROOT) | RESOLVE_NO_MAGICLINKS;
  const char* path = rel.empty() ? "." : rel.c_str();
  // EAGAIN: a rename raced the lookup and the kernel wants it redone.
  for (int attempt = 0; attempt < 64; ++attempt) {
    long fd = ::syscall(SYS_openat2, root, path, &how, sizeof how);
    if (fd >= 0) return Fd(static_cast<int>(fd));
    if (errno != EAGAIN && errno != EINTR) break;
  }
  err = errno;
  return Fd();
}

Fd make_dirs(int root, const std::vector<std::string>& parts, size_t n, int& err, bool beneath) {
  Fd dir = open_dir(root, join(parts, n), err, true, beneath);
  if (dir || err != ENOENT) return dir;
  // Rare (most tars list directories first): resolve each prefix afresh, so
  // links met on the way are still judged from root.
  Fd cur = open_dir(root, "", err, true, beneath);
  for (size_t i = 0; cur && i < n; ++i) {
    std::string prefix = join(parts, i + 1);
    Fd next = open_dir(root, prefix, err, true, beneath);
    if (!next && err == ENOENT) {
      if (::mkdirat(cur.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST) {
        err = errno;
        return Fd();
      }
      next = open_dir(root, prefix, err, true, beneath);
      if (next) ::fchmod(next.get(), 0755);  // whatever the umask
    }
    cur = std::move(next);
  }
  return cur;
}

int remove_all(int dir, const std::string& name) {
  if (::unlinkat(dir, name.c_str(), 0) == 0 || errno == ENOENT) return 0;
  if (errno != EISDIR) return errno;
  int fd = ::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? 0 : errno;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    int e = errno;
    ::close(fd);
    return e;
  }
  // Pass again until a pass finds nothing: readdir need not return entries
  // that moved while we were deleting.
  for (bool any = true; any;) {
    any = false;
    ::rewinddir(d);
    while (dirent* ent = ::readdir(d)) {
      if (!std::strcmp(ent->d_name, ".") || !std::strcmp(ent->d_name, "..")) continue;
      any = true;
      if (int e = remove_all(::dirfd(d), ent->d_name)) {
        ::closedir(d);
        return e;
      }
    }
  }
  ::closedir(d);
  if (::unlinkat(dir, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) return errno;
  return 0;
}

std::string proc_path(int dir, const std::string& name) {
  return "/proc/self/fd/" + std::to_string(dir) + "/" + name;
}

std::string lookup_failure(int err) {
  switch (err) {
    case EXDEV:
      return "path leaves the layer (through a symbolic link)";
    case ELOOP:
      return "too many symbolic links on the way";
    case ENOTDIR:
      return "a parent is not a directory";
    case ENOENT:
      return "a parent does not exist";
    default:
      return std::strerror(err);
  }
}

}  // namespace ferry::layer_unpack::detail
