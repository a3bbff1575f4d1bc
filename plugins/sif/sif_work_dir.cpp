#include "sif_work_dir.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

#include <system_error>

namespace ferry::plugins::sif {

namespace fs = std::filesystem;

namespace {
constexpr const char* work_dir_prefix = "ferry-sif-";
}

SifWorkDir::SifWorkDir(const fs::path& temp_dir) {
  // Absolute, so that the tools find every path whatever directory they work in.
  fs::path dir = file_io::tidied_scratch_dir(fs::absolute(temp_dir), work_dir_prefix);
  std::string pattern = (dir / (std::string(work_dir_prefix) + "XXXXXX")).string();
  if (!::mkdtemp(pattern.data()))
    throw sdk::Error(FERRY_E_IO, "creating temp directory in " + dir.string() + ": " + std::strerror(errno));
  path_ = pattern;
  try {
    lock_ = file_io::StagingLock(path_);
  } catch (...) {
    remove_tree(path_);
    throw;
  }
}

SifWorkDir::~SifWorkDir() { remove_tree(path_); }

void remove_tree(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (!ec) return;
  // Give every directory back its owner's write and search bits, then retry.
  for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0700);
  }
  ::chmod(path.c_str(), 0700);
  fs::remove_all(path, ec);
}

}  // namespace ferry::plugins::sif
