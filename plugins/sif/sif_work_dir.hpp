// The private directory in --tmpdir where a SIF's layer is made: locked while
// it lives (so a later run removes what a killed one left) and removed whole
// when it dies, on success and failure alike.
#pragma once

#include <ferry/file_io/staging.hpp>

#include <filesystem>

namespace ferry::plugins::sif {

class SifWorkDir {
 public:
  explicit SifWorkDir(const std::filesystem::path& temp_dir);
  ~SifWorkDir();
  SifWorkDir(const SifWorkDir&) = delete;
  SifWorkDir& operator=(const SifWorkDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  file_io::StagingLock lock_;
};

// Removes a tree, also one holding directories without write permission (a
// root file system unpacked by an unprivileged user).
void remove_tree(const std::filesystem::path& path);

}  // namespace ferry::plugins::sif
