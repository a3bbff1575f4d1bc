#include "dir_staging.hpp"

#include "dir_names.hpp"

#include <ferry/file_io/file_reader.hpp>
#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace ferry::plugins::dir {

namespace fs = std::filesystem;

namespace {

fs::path make_unique_dir(const fs::path& parent, const std::string& prefix) {
  std::string templ = (parent / (prefix + "XXXXXX")).string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data()))
    throw sdk::Error(FERRY_E_IO,
                     "cannot create a directory in " + parent.string() + ": " + std::strerror(errno));
  ::chmod(buf.data(), 0755);  // mkdtemp makes 0700; an image directory is 0755 as skopeo makes it
  return buf.data();
}

}  // namespace

StagingDir::StagingDir(const fs::path& target) {
  std::error_code ec;
  // Follow symlinks so that the directory a link points at is what gets replaced.
  target_ = fs::weakly_canonical(fs::absolute(target), ec);
  if (ec) target_ = fs::absolute(target).lexically_normal();
  if (target_.filename().empty()) target_ = target_.parent_path();
  check_target();

  fs::path parent = target_.parent_path();
  std::vector<fs::path> missing;
  for (fs::path p = parent; !fs::exists(p, ec) && p != p.parent_path(); p = p.parent_path())
    missing.insert(missing.begin(), p);
  for (const auto& p : missing) {
    if (::mkdir(p.c_str(), 0755) != 0 && errno != EEXIST)
      throw sdk::Error(FERRY_E_IO, "cannot create " + p.string() + ": " + std::strerror(errno));
    created_.push_back(p);
  }
  const std::string prefix = "." + target_.filename().string() + ".ferry-";
  if (created_.empty()) file_io::remove_stale_staging(parent, prefix);
  try {
    staging_ = make_unique_dir(parent, prefix);
    lock_ = file_io::StagingLock(staging_);
  } catch (...) {
    if (!staging_.empty()) fs::remove_all(staging_, ec);
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) ::rmdir(it->c_str());
    throw;
  }
}

StagingDir::~StagingDir() {
  std::error_code ec;
  if (!staging_.empty()) fs::remove_all(staging_, ec);
  if (published_) return;
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) ::rmdir(it->c_str());
}

void StagingDir::check_target() const {
  std::error_code ec;
  auto st = fs::status(target_, ec);
  if (!fs::exists(st)) return;
  if (!fs::is_directory(st))
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "cannot write an image directory at " + target_.string() + ": it is not a directory");
  if (fs::is_empty(target_, ec)) return;
  auto version = file_io::read_small_file(target_ / version_file);
  if (!version || version->compare(0, version_prefix.size(), version_prefix) != 0)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "refusing to replace " + target_.string() +
                         ": it is not empty and not an image directory (no \"version\" file); "
                         "remove it or choose another path");
}

void StagingDir::publish() {
  check_target();  // again: the target may have changed since open
  std::error_code ec;
  if (!fs::exists(target_, ec)) {
    if (::rename(staging_.c_str(), target_.c_str()) != 0)
      throw sdk::Error(FERRY_E_IO,
                       "cannot move the image into " + target_.string() + ": " + std::strerror(errno));
    staging_.clear();
    published_ = true;
    return;
  }
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
    published_ = true;  // staging_ now holds the old image; the destructor removes it
    return;
  }
  if (errno != EINVAL && errno != ENOSYS)
    throw sdk::Error(FERRY_E_IO, "cannot replace " + target_.string() + ": " + std::strerror(errno));
  // No atomic exchange here: move the old image aside, the new one in, and
  // put the old one back if that fails.
  fs::path old = make_unique_dir(target_.parent_path(), "." + target_.filename().string() + ".old-");
  if (::rename(target_.c_str(), old.c_str()) != 0) {
    int err = errno;
    fs::remove(old, ec);
    throw sdk::Error(FERRY_E_IO, "cannot move " + target_.string() + " aside: " + std::strerror(err));
  }
  if (::rename(staging_.c_str(), target_.c_str()) != 0) {
    int err = errno;
    ::rename(old.c_str(), target_.c_str());
    throw sdk::Error(FERRY_E_IO,
                     "cannot move the image into " + target_.string() + ": " + std::strerror(err));
  }
  staging_ = old;
  published_ = true;
}

}  // namespace ferry::plugins::dir
