#include "whiteouts.hpp"

#include "errors.hpp"
#include "fd.hpp"
#include "safe_path.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ferry::layer_unpack::detail {

namespace {

constexpr std::string_view prefix = ".wh.";
constexpr std::string_view meta_prefix = ".wh..wh.";
constexpr std::string_view opaque_name = ".wh..wh..opq";

uint64_t hash_of(std::string_view s) {  // FNV-1a
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// The names in dir, read before anything in it is removed.
std::vector<std::string> children(int dir, std::string_view entry) {
  int fd = ::openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* d = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!d) {
    int e = errno;
    if (fd >= 0) ::close(fd);
    fail_errno(entry, "listing the opaque directory", e);
  }
  std::vector<std::string> names;
  while (dirent* ent = ::readdir(d)) {
    if (std::strcmp(ent->d_name, ".") && std::strcmp(ent->d_name, "..")) names.emplace_back(ent->d_name);
  }
  ::closedir(d);
  return names;
}

// containers/storage walks the opaque directory and removes every path this
// tar has not created; directories it did create are walked into.
void remove_lower(int dir, const std::string& rel, UnpackedSet& unpacked, std::string_view entry) {
  for (const std::string& name : children(dir, entry)) {
    std::string path = rel.empty() ? name : rel + "/" + name;
    if (!unpacked.contains(path)) {
      if (int e = remove_all(dir, name)) fail_errno(entry, "removing " + quoted(path), e);
      continue;
    }
    Fd sub(::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (sub) remove_lower(sub.get(), path, unpacked, entry);
  }
}

}  // namespace

Classified classify(const std::vector<std::string>& parts, std::string_view entry) {
  if (parts.empty()) return {};
  // As containers/storage: only the top level holds AUFS metadata, and the
  // root's own opaque marker is no metadata.
  if (parts.front().starts_with(meta_prefix) && !(parts.size() == 1 && parts.front() == opaque_name)) {
    return {Marker::aufs_meta, {}};
  }
  const std::string& base = parts.back();
  if (base == opaque_name) return {Marker::opaque, {}};
  if (!base.starts_with(prefix)) return {};
  std::string target = base.substr(prefix.size());
  if (target.empty() || target == "." || target == "..") {
    fail(FERRY_E_INVALID_ARGUMENT, entry, "the whiteout names no file of its directory");
  }
  return {Marker::whiteout, std::move(target)};
}

void UnpackedSet::add(std::string_view rel) { hashes_.push_back(hash_of(rel)); }

bool UnpackedSet::contains(std::string_view rel) {
  if (sorted_ != hashes_.size()) {  // sort lazily: opaque markers are rare
    std::sort(hashes_.begin(), hashes_.end());
    hashes_.erase(std::unique(hashes_.begin(), hashes_.end()), hashes_.end());
    sorted_ = hashes_.size();
  }
  return std::binary_search(hashes_.begin(), hashes_.end(), hash_of(rel));
}

void apply_whiteout(int dir, const std::string& target, const Options& options, uid_t uid, gid_t gid,
                    std::string_view entry) {
  if (options.whiteouts == Whiteouts::remove) {
    if (int e = remove_all(dir, target)) fail_errno(entry, "removing " + quoted(target), e);
    return;
  }
  // overlay: a 0/0 character device, owned as the whiteout entry says.
  if (::mknodat(dir, target.c_str(), S_IFCHR, ::makedev(0, 0)) != 0) {
    int e = errno;
    if (e != EEXIST) {
      fail_errno(entry,
                 e == EPERM ? "creating the whiteout device needs root" : "creating the whiteout device", e);
    }
    // The same layer also has the file: the whiteout wins, as it is applied last.
    if (int r = remove_all(dir, target)) fail_errno(entry, "replacing " + quoted(target), r);
    if (::mknodat(dir, target.c_str(), S_IFCHR, ::makedev(0, 0)) != 0) {
      fail_errno(entry, "creating the whiteout device", errno);
    }
  }
  if (options.same_owner && ::fchownat(dir, target.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) {
    fail_errno(entry, "setting the whiteout's owner", errno);
  }
}

void apply_opaque(int dir, const std::string& dir_rel, const Options& options, UnpackedSet& unpacked,
                  std::string_view entry) {
  if (options.whiteouts == Whiteouts::remove) {
    remove_lower(dir, dir_rel, unpacked, entry);
    return;
  }
  if (::fsetxattr(dir, options.opaque_xattr.c_str(), "y", 1, 0) != 0) {
    fail_errno(entry, "marking the directory opaque (" + options.opaque_xattr + ")", errno);
  }
}

}  // namespace ferry::layer_unpack::detail
