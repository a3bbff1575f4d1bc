// A private temporary directory (mode 0700) that is removed with everything in it.
// Its outer directory is flock()ed while it exists (see file_io/staging.hpp), so
// what a killed copy left under --tmpdir is recognised and removed by the next
// one; path() is a directory inside it, free for a layout's own lock.
#pragma once

#include <ferry/file_io/staging.hpp>

#include <filesystem>
#include <string>

namespace ferry::plugins::oci_archive {

class TempDir {
 public:
  // Creates base/prefixXXXXXX, after removing dead writers' ones; `base` is
  // the host's --tmpdir.
  TempDir(const std::filesystem::path& base, const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path outer_;  // base/prefixXXXXXX, locked
  std::filesystem::path path_;   // outer_/content
  file_io::StagingLock lock_;    // released after the directory is removed
};

}  // namespace ferry::plugins::oci_archive
