// The tar is read with libarchive and written with plain *at system calls
// anchored on directories found by safe_path, not with archive_write_disk:
// that one resolves names from the process's working directory (a chdir per
// layer is no option in a multithreaded host), and with UNLINK its
// SECURE_SYMLINKS replaces a symbolic link on the way by a directory, where
// containers/storage (unpacking in a chroot) follows links inside the layer.
#include <ferry/layer_unpack/unpack.hpp>

#include "errors.hpp"
#include "fd.hpp"
#include "safe_path.hpp"
#include "whiteouts.hpp"

#include <ferry/file_io/archive_error.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <set>

namespace ferry::layer_unpack {

namespace {

using namespace detail;

// Directory times are set last: creating entries inside changes them. The
// list grows with the layer's directories, so it is capped.
constexpr size_t max_deferred_bytes = size_t{256} << 20;

struct Source {
  const std::function<size_t(void*, size_t)>* read;
  std::unique_ptr<char[]> buf{new char[size_t{1} << 16]};
  size_t cap = size_t{1} << 16;
  bool eof = false;
  std::exception_ptr error;  // the caller's own failure, passed on unchanged
};

la_ssize_t read_callback(archive* a, void* data, const void** out) {
  auto* s = static_cast<Source*>(data);
  *out = s->buf.get();
  if (s->eof) return 0;
  try {
    size_t n = (*s->read)(s->buf.get(), s->cap);
    if (n == 0) s->eof = true;
    return static_cast<la_ssize_t>(n);
  } catch (...) {
    s->error = std::current_exception();
    archive_set_error(a, EIO, "the layer stream failed");
    return ARCHIVE_FATAL;
  }
}

struct DeferredDir {
  std::string rel;
  timespec times[2];
};

class Unpacker {
 public:
  Unpacker(const std::function<size_t(void*, size_t)>& read, const std::string& root, const Options& options)
      : options_(options), a_(archive_read_new(), archive_read_free) {
    source_.read = &read;
    root_ = Fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root_) {
      throw sdk::Error(FERRY_E_IO, "opening the layer directory " + root + ": " + std::strerror(errno));
    }
    if (!a_) throw sdk::Error(FERRY_E_INTERNAL, "libarchive could not allocate a reader");
    archive_read_support_format_tar(a_.get());
    if (archive_read_open(a_.get(), &source_, nullptr, read_callback, nullptr) != ARCHIVE_OK) failed_read("");
  }

  Summary run() {
    std::string last;
    for (;;) {
      if (options_.cancelled && options_.cancelled->load()) {
        throw sdk::Error(FERRY_E_CANCELLED, "unpacking the layer was cancelled");
      }
      archive_entry* e = nullptr;
      int rc = archive_read_next_header(a_.get(), &e);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) failed_read(last);  // a warning (odd pax record) still gives an entry
      const char* name = archive_entry_pathname(e);
      if (!name) name = archive_entry_pathname_utf8(e);
      if (!name) failed_read(last);
      last = name;
      ++summary_.entries;
      uids_.insert(static_cast<uint32_t>(archive_entry_uid(e)));
      gids_.insert(static_cast<uint32_t>(archive_entry_gid(e)));
      apply(e, last);
    }
    drain();
    for (const DeferredDir& d : dirs_) {
      int err = 0;
      Fd dir = open_dir(root_.get(), d.rel, err, false);
      if (!dir) continue;  // removed or replaced by a later entry
      if (::futimens(dir.get(), d.times) != 0)
        fail_errno(d.rel.empty() ? "." : d.rel, "setting times", errno);
    }
    summary_.uids.assign(uids_.begin(), uids_.end());
    summary_.gids.assign(gids_.begin(), gids_.end());
    return summary_;
  }

 private:
  [[noreturn]] void failed_read(const std::string& last) {
    if (source_.error) std::rethrow_exception(source_.error);
    std::string where = last.empty() ? "at its start" : "after entry " + quoted(last);
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "reading the layer tar " + where + ": " + file_io::archive_error(a_.get()));
  }

  // Callers tee the stream into a digest or a file: every byte is theirs,
  // the padding after the end-of-archive blocks included.
  void drain() {
    while (!source_.eof) {
      const void* ignored;
      if (read_callback(a_.get(), &source_, &ignored) < 0) std::rethrow_exception(source_.error);
    }
  }

  void apply(archive_entry* e, const std::string& entry) {
    std::vector<std::string> parts = split_name(entry, entry);
    Classified c = options_.whiteouts == Whiteouts::keep ? Classified{} : classify(parts, entry);
    if (c.kind == Marker::aufs_meta) return;
    size_t n_parent = parts.empty() ? 0 : parts.size() - 1;
    int err = 0;
    // Parents first, whiteouts included, as containers/storage does.
    Fd parent = make_dirs(root_.get(), parts, n_parent, err, options_.refuse_escaping_links);
    if (!parent) {
      // A whiteout below a non-directory (".wh.a" then "a/.wh.b"): already hidden.
      if (c.kind != Marker::none && err == ENOTDIR) return;
      fail(err == EXDEV || err == ELOOP || err == ENOTDIR || err == ENOENT ? FERRY_E_INVALID_ARGUMENT
                                                                           : FERRY_E_IO,
           entry, lookup_failure(err));
    }
    std::string parent_rel = join(parts, n_parent);
    if (c.kind == Marker::opaque) {
      apply_opaque(parent.get(), parent_rel, options_, unpacked_, entry);
      return;
    }
    if (c.kind == Marker::whiteout) {
      apply_whiteout(parent.get(), c.target, options_, archive_entry_uid(e), archive_entry_gid(e), entry);
      return;
    }
    if (parts.empty()) {  // "./": the layer root's own metadata
      // containers/storage's Untar (overlay) skips it, its UnpackLayer (vfs)
      // applies it.
      if (options_.whiteouts != Whiteouts::remove) return;
      if (archive_entry_filetype(e) != AE_IFDIR || archive_entry_hardlink(e)) {
        fail(FERRY_E_INVALID_ARGUMENT, entry, "the layer root can only be a directory");
      }
      set_metadata(parent.get(), parent.get(), "", e, entry, true);
      defer_times("", e);
      return;
    }
    create(parent.get(), parts.back(), join(parts, parts.size()), e, entry);
    if (options_.whiteouts == Whiteouts::remove) unpacked_.add(join(parts, parts.size()));
  }

  void create(int dir, const std::string& base, const std::string& rel, archive_entry* e,
              const std::string& entry) {
    const char* link = archive_entry_hardlink(e);
    mode_t type = archive_entry_filetype(e);
    // Whatever is there goes, except that a directory meets a directory
    // (only its metadata changes), as containers/storage does.
    struct stat st {};
    bool exists = ::fstatat(dir, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
    bool merge = exists && S_ISDIR(st.st_mode) && type == AE_IFDIR && !link;
    if (exists && !merge) {
      if (int r = remove_all(dir, base)) fail_errno(entry, "replacing what is there", r);
    }
    if (link) {
      hard_link(dir, base, link, e, entry);
      return;
    }
    switch (type) {
      case AE_IFREG: {
        Fd fd(::openat(dir, base.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!fd) fail_errno(entry, "creating the file", errno);
        write_data(fd.get(), e, entry);
        set_metadata(fd.get(), dir, base, e, entry, true);
        set_times(dir, base, e, entry);
        return;
      }
      case AE_IFDIR: {
        if (!merge && ::mkdirat(dir, base.c_str(), 0700) != 0)
          fail_errno(entry, "creating the directory", errno);
        Fd fd(::openat(dir, base.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!fd) fail_errno(entry, "opening the directory", errno);
        set_metadata(fd.get(), dir, base, e, entry, true);
        defer_times(rel, e);
        return;
      }
      case AE_IFLNK: {
        const char* target = archive_entry_symlink(e);
        if (!target) target = archive_entry_symlink_utf8(e);
        if (!target || !*target) fail(FERRY_E_INVALID_ARGUMENT, entry, "the symbolic link has no target");
        if (std::strlen(target) > max_path)
          fail(FERRY_E_INVALID_ARGUMENT, entry, "the link target is too long");
        // Any target may be stored: lookups never follow it out of the layer.
        if (::symlinkat(target, dir, base.c_str()) != 0)
          fail_errno(entry, "creating the symbolic link", errno);
        set_metadata(-1, dir, base, e, entry, false);
        set_times(dir, base, e, entry);
        return;
      }
      case AE_IFCHR:
      case AE_IFBLK:
      case AE_IFIFO: {
        dev_t dev = type == AE_IFIFO ? 0 : ::makedev(archive_entry_rdevmajor(e), archive_entry_rdevminor(e));
        if (::mknodat(dir, base.c_str(), type | 0600, dev) != 0) {
          int err = errno;
          fail_errno(entry, err == EPERM ? "creating a device node needs root" : "creating the node", err);
        }
        set_metadata(-1, dir, base, e, entry, true);
        set_times(dir, base, e, entry);
        return;
      }
      default:
        fail(FERRY_E_INVALID_ARGUMENT, entry, "unsupported entry type");
    }
  }

  // A hard link's target is another entry of this layer (or of the parent's
  // copy for vfs), named like entries are and looked up beneath the root.
  void hard_link(int dir, const std::string& base, const char* link, archive_entry* e,
                 const std::string& entry) {
    std::vector<std::string> target = split_name(link, entry, "hard link target " + quoted(link) + ": ");
    if (target.empty()) fail(FERRY_E_INVALID_ARGUMENT, entry, "the hard link has no target");
    int err = 0;
    Fd tdir =
        open_dir(root_.get(), join(target, target.size() - 1), err, true, options_.refuse_escaping_links);
    if (!tdir) {
      fail(FERRY_E_INVALID_ARGUMENT, entry, "hard link target " + quoted(link) + ": " + lookup_failure(err));
    }
    if (::linkat(tdir.get(), target.back().c_str(), dir, base.c_str(), 0) != 0) {
      fail_errno(entry, "linking to " + quoted(link), errno);
    }
    // The link's header repeats the inode's metadata. Only a difference is
    // applied: even a chown to the same owner drops security.capability,
    // which the first entry of the inode set. Links to a symbolic link keep
    // its mode and times (utimensat would not reach the link through them).
    struct stat st {};
    if (::fstatat(dir, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      fail_errno(entry, "reading the link", errno);
    uid_t uid = static_cast<uid_t>(archive_entry_uid(e));
    gid_t gid = static_cast<gid_t>(archive_entry_gid(e));
    if (options_.same_owner && (st.st_uid != uid || st.st_gid != gid) &&
        ::fchownat(dir, base.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) {
      fail_errno(entry, "setting the owner", errno);
    }
    if (S_ISLNK(st.st_mode)) return;
    mode_t mode = archive_entry_perm(e) & 07777;
    if ((st.st_mode & 07777) != mode && ::fchmodat(dir, base.c_str(), mode, 0) != 0) {
      fail_errno(entry, "setting the mode", errno);
    }
    set_times(dir, base, e, entry);
  }

  void write_data(int fd, archive_entry* e, const std::string& entry) {
    for (;;) {
      const void* buf = nullptr;
      size_t size = 0;
      la_int64_t offset = 0;
      int rc = archive_read_data_block(a_.get(), &buf, &size, &offset);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) {
        if (source_.error) std::rethrow_exception(source_.error);
        fail(FERRY_E_INVALID_ARGUMENT, entry, "reading its data: " + file_io::archive_error(a_.get()));
      }
      const char* p = static_cast<const char*>(buf);
      while (size > 0) {  // sparse entries come as blocks at offsets
        ssize_t n = ::pwrite(fd, p, size, offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail_errno(entry, "writing the file", errno);
        p += n;
        size -= static_cast<size_t>(n);
        offset += n;
      }
    }
    // A sparse file's trailing hole.
    if (::ftruncate(fd, archive_entry_size(e)) != 0) fail_errno(entry, "sizing the file", errno);
  }

  // Owner, then xattrs, then mode, as containers/storage: a chown clears the
  // setuid bits and security.capability. fd is -1 for objects that have none.
  void set_metadata(int fd, int dir, const std::string& base, archive_entry* e, const std::string& entry,
                    bool chmod) {
    if (options_.same_owner) {
      uid_t uid = static_cast<uid_t>(archive_entry_uid(e));
      gid_t gid = static_cast<gid_t>(archive_entry_gid(e));
      int rc =
          fd >= 0 ? ::fchown(fd, uid, gid) : ::fchownat(dir, base.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW);
      if (rc != 0) fail_errno(entry, "setting the owner", errno);
    }
    std::string path = fd >= 0 ? std::string() : proc_path(dir, base);
    archive_entry_xattr_reset(e);
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
      if (!name || !*name) continue;
      if (overlay_private(name)) continue;
      int rc =
          fd >= 0 ? ::fsetxattr(fd, name, value, size, 0) : ::lsetxattr(path.c_str(), name, value, size, 0);
      // Like containers/storage: a file system without xattrs loses them.
      if (rc != 0 && errno != ENOTSUP) fail_errno(entry, std::string("setting xattr ") + name, errno);
    }
    if (!chmod) return;
    mode_t mode = archive_entry_perm(e) & 07777;
    int rc = fd >= 0 ? ::fchmod(fd, mode) : ::fchmodat(dir, base.c_str(), mode, 0);
    if (rc != 0) fail_errno(entry, "setting the mode", errno);
  }

  // overlay reads its own xattrs on the layer's files (opaque, redirect,
  // metacopy, ...): a layer must not forge them.
  bool overlay_private(std::string_view name) const {
    if (options_.whiteouts != Whiteouts::overlay) return false;
    return name.starts_with("trusted.overlay.") || name.starts_with("user.overlay.") ||
           name == options_.opaque_xattr;
  }

  static void times_of(archive_entry* e, timespec ts[2]) {
    ts[1] = {static_cast<time_t>(archive_entry_mtime(e)), archive_entry_mtime_nsec(e)};
    ts[0] = archive_entry_atime_is_set(e)
                ? timespec{static_cast<time_t>(archive_entry_atime(e)), archive_entry_atime_nsec(e)}
                : ts[1];
  }

  void set_times(int dir, const std::string& base, archive_entry* e, const std::string& entry) {
    timespec ts[2];
    times_of(e, ts);
    if (::utimensat(dir, base.c_str(), ts, AT_SYMLINK_NOFOLLOW) != 0)
      fail_errno(entry, "setting times", errno);
  }

  void defer_times(const std::string& rel, archive_entry* e) {
    deferred_bytes_ += rel.size() + sizeof(DeferredDir);
    if (deferred_bytes_ > max_deferred_bytes) {
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the layer has too many directories to unpack");
    }
    DeferredDir d{rel, {}};
    times_of(e, d.times);
    dirs_.push_back(std::move(d));
  }

  const Options& options_;
  std::unique_ptr<archive, int (*)(archive*)> a_;
  Source source_;
  Fd root_;
  Summary summary_;
  std::set<uint32_t> uids_, gids_;
  UnpackedSet unpacked_;
  std::vector<DeferredDir> dirs_;
  size_t deferred_bytes_ = 0;
};

}  // namespace

Summary unpack(const std::function<size_t(void*, size_t)>& read, const std::string& root,
               const Options& options) {
  Unpacker u(read, root, options);
  return u.run();
}

}  // namespace ferry::layer_unpack
