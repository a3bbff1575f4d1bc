#include "temp_dir.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <system_error>
#include <vector>

namespace ferry::plugins::oci_archive {

TempDir::TempDir(const std::filesystem::path& base, const std::string& prefix) {
  file_io::remove_stale_staging(base, prefix);
  std::string templ = (base / (prefix + "XXXXXX")).string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data()))
    throw sdk::Error(FERRY_E_IO, "cannot create a temporary directory in " + base.string() +
                                     " (see --tmpdir): " + std::strerror(errno));
  // Canonical, so that extraction can compare resolved paths against it.
  std::error_code ec;
  outer_ = std::filesystem::canonical(buf.data(), ec);
  if (ec) outer_ = buf.data();
  try {
    lock_ = file_io::StagingLock(outer_);
    path_ = outer_ / "content";
    if (::mkdir(path_.c_str(), 0700) != 0)
      throw sdk::Error(FERRY_E_IO, "cannot create " + path_.string() + ": " + std::strerror(errno));
  } catch (...) {
    std::filesystem::remove_all(outer_, ec);
    throw;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(outer_, ec);
}

}  // namespace ferry::plugins::oci_archive
