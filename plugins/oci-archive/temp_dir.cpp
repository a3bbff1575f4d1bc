#include "temp_dir.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <vector>

namespace ferry::plugins::oci_archive {

TempDir::TempDir(const std::filesystem::path& base, const std::string& prefix) {
  std::string templ = (base / (prefix + "XXXXXX")).string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data()))
    throw sdk::Error(FERRY_E_IO, "cannot create a temporary directory in " + base.string() +
                                     " (see --tmpdir): " + std::strerror(errno));
  // Canonical, so that extraction can compare resolved paths against it.
  std::error_code ec;
  path_ = std::filesystem::canonical(buf.data(), ec);
  if (ec) path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace ferry::plugins::oci_archive
