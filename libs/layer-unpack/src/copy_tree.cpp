// containers/storage's vfs driver starts a layer as a copy of its parent
// (pkg/directory's DirCopy): every object with its owner, mode, times and
// xattrs, links as links, files sharing an inode sharing one again.
#include <ferry/layer_unpack/copy_tree.hpp>

#include "fd.hpp"
#include "safe_path.hpp"

#include <ferry/plugin.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <utility>
#include <vector>

namespace ferry::layer_unpack {

namespace {

using detail::Fd;
using detail::proc_path;

class Copier {
 public:
  Copier(std::string from, std::string to) : from_(std::move(from)), to_(std::move(to)) {}

  void run() {
    Fd src(::open(from_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!src) fail("opening", "", errno);
    if (::mkdir(to_.c_str(), 0700) != 0 && errno != EEXIST) fail("creating", "", errno);
    Fd dst(::open(to_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dst) fail("opening", "", errno);
    dst_root_ = dst.get();
    struct stat st {};
    if (::fstat(src.get(), &st) != 0) fail("reading", "", errno);
    copy_dir(src.get(), dst.get(), "");
    owner_and_xattrs(src.get(), dst.get(), "", "", st, "");
    chmod_and_times(dst.get(), st, "");
  }

 private:
  [[noreturn]] void fail(const std::string& op, const std::string& rel, int err) {
    throw sdk::Error(FERRY_E_IO, "copying layer " + from_ + " to " + to_ + ": " + op + " " +
                                     (rel.empty() ? "its root" : rel) + ": " + std::strerror(err));
  }

  // The names in dir, or an errno value.
  static int names(int dir, std::vector<std::string>& out) {
    int fd = ::openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* d = fd < 0 ? nullptr : ::fdopendir(fd);
    if (!d) {
      int e = errno;
      if (fd >= 0) ::close(fd);
      return e;
    }
    while (dirent* e = ::readdir(d)) {
      if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, "..")) out.emplace_back(e->d_name);
    }
    ::closedir(d);
    return 0;
  }

  void copy_dir(int src, int dst, const std::string& rel) {
    std::vector<std::string> list;
    if (int e = names(src, list)) fail("listing", rel, e);
    for (const std::string& name : list) {
      std::string path = rel.empty() ? name : rel + "/" + name;
      struct stat st {};
      if (::fstatat(src, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) fail("reading", path, errno);
      if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
        auto [it, fresh] = inodes_.try_emplace({st.st_dev, st.st_ino}, path);
        if (!fresh) {  // the inode is already copied: link to the copy
          if (::linkat(dst_root_, it->second.c_str(), dst, name.c_str(), 0) != 0)
            fail("linking", path, errno);
          continue;
        }
      }
      copy_one(src, dst, name, path, st);
    }
  }

  void copy_one(int src, int dst, const std::string& name, const std::string& path, const struct stat& st) {
    const char* n = name.c_str();
    if (S_ISDIR(st.st_mode)) {
      if (::mkdirat(dst, n, 0700) != 0) fail("creating", path, errno);
      Fd s(::openat(src, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      Fd d(::openat(dst, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!s || !d) fail("opening", path, errno);
      copy_dir(s.get(), d.get(), path);
      owner_and_xattrs(s.get(), d.get(), "", "", st, path);
      chmod_and_times(d.get(), st, path);  // last: the copy changed its times
      return;
    }
    if (S_ISREG(st.st_mode)) {
      Fd s(::openat(src, n, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
      if (!s) fail("opening", path, errno);
      Fd d(::openat(dst, n, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
      if (!d) fail("creating", path, errno);
      copy_data(s.get(), d.get(), st.st_size, path);
      owner_and_xattrs(s.get(), d.get(), "", "", st, path);
      chmod_and_times(d.get(), st, path);
      return;
    }
    if (S_ISLNK(st.st_mode)) {
      std::vector<char> target(static_cast<size_t>(st.st_size) + 2);
      ssize_t len = ::readlinkat(src, n, target.data(), target.size());
      if (len < 0 || static_cast<size_t>(len) >= target.size() - 1)
        fail("reading the link", path, len < 0 ? errno : EIO);
      target[static_cast<size_t>(len)] = '\0';
      if (::symlinkat(target.data(), dst, n) != 0) fail("creating", path, errno);
    } else if (::mknodat(dst, n, st.st_mode, st.st_rdev) != 0) {  // devices, FIFOs, sockets
      fail("creating", path, errno);
    }
    owner_and_xattrs(-1, -1, proc_path(src, name), proc_path(dst, name), st, path);
    if (::fchownat(dst, n, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0)
      fail("setting the owner of", path, errno);
    if (!S_ISLNK(st.st_mode) && ::fchmodat(dst, n, st.st_mode & 07777, 0) != 0)
      fail("setting the mode of", path, errno);
    timespec ts[2] = {st.st_atim, st.st_mtim};
    if (::utimensat(dst, n, ts, AT_SYMLINK_NOFOLLOW) != 0) fail("setting the times of", path, errno);
  }

  void copy_data(int s, int d, off_t size, const std::string& path) {
    if (::ioctl(d, FICLONE, s) == 0) return;  // a reflink where the file system has them
    off_t done = 0;
    while (done < size) {
      ssize_t n = ::copy_file_range(s, nullptr, d, nullptr, static_cast<size_t>(size - done), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL)) break;
      if (n < 0) fail("copying", path, errno);
      if (n == 0) break;  // shorter than it was a moment ago
      done += n;
    }
    std::vector<char> buf(size_t{1} << 16);
    for (;;) {  // what copy_file_range could not do
      ssize_t n = ::read(s, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("reading", path, errno);
      if (n == 0) break;
      for (ssize_t w = 0; w < n;) {
        ssize_t m = ::write(d, buf.data() + w, static_cast<size_t>(n - w));
        if (m < 0 && errno == EINTR) continue;
        if (m < 0) fail("writing", path, errno);
        w += m;
      }
    }
  }

  // Owner before xattrs (a chown clears security.capability). Objects with a
  // descriptor use it; the others their /proc path, last component unfollowed.
  void owner_and_xattrs(int s, int d, const std::string& sp, const std::string& dp, const struct stat& st,
                        const std::string& path) {
    if (d >= 0 && ::fchown(d, st.st_uid, st.st_gid) != 0) fail("setting the owner of", path, errno);
    std::vector<char> list(size_t{1} << 12);
    for (;;) {
      ssize_t n = s >= 0 ? ::flistxattr(s, list.data(), list.size())
                         : ::llistxattr(sp.c_str(), list.data(), list.size());
      if (n >= 0) {
        list.resize(static_cast<size_t>(n));
        break;
      }
      if (errno == ENOTSUP) return;
      if (errno != ERANGE) fail("listing the xattrs of", path, errno);
      list.resize(list.size() * 4);
    }
    std::vector<char> value(size_t{1} << 12);
    for (size_t at = 0; at < list.size(); at += std::strlen(list.data() + at) + 1) {
      const char* name = list.data() + at;
      ssize_t n;
      for (;;) {
        n = s >= 0 ? ::fgetxattr(s, name, value.data(), value.size())
                   : ::lgetxattr(sp.c_str(), name, value.data(), value.size());
        if (n >= 0 || errno != ERANGE) break;
        value.resize(value.size() * 4);
      }
      if (n < 0) fail(std::string("reading xattr ") + name + " of", path, errno);
      size_t len = static_cast<size_t>(n);
      int rc = d >= 0 ? ::fsetxattr(d, name, value.data(), len, 0)
                      : ::lsetxattr(dp.c_str(), name, value.data(), len, 0);
      if (rc != 0 && errno != ENOTSUP) fail(std::string("setting xattr ") + name + " of", path, errno);
    }
  }

  void chmod_and_times(int d, const struct stat& st, const std::string& path) {
    if (::fchmod(d, st.st_mode & 07777) != 0) fail("setting the mode of", path, errno);
    timespec ts[2] = {st.st_atim, st.st_mtim};
    if (::futimens(d, ts) != 0) fail("setting the times of", path, errno);
  }

  std::string from_, to_;
  int dst_root_ = -1;
  std::map<std::pair<dev_t, ino_t>, std::string> inodes_;
};

}  // namespace

void copy_tree(const std::string& from, const std::string& to) { Copier(from, to).run(); }

}  // namespace ferry::layer_unpack
