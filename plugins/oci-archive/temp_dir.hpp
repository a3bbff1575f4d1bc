// A private temporary directory (mode 0700) that is removed with everything in it.
#pragma once

#include <filesystem>
#include <string>

namespace ferry::plugins::oci_archive {

class TempDir {
 public:
  // Creates base/prefixXXXXXX; `base` is the host's --tmpdir.
  TempDir(const std::filesystem::path& base, const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ferry::plugins::oci_archive
