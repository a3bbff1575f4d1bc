// The directory a dir: destination is built in: a fresh sibling of the target,
// swapped in whole at commit. Until then the target is untouched, so a failed
// copy leaves it as it was (skopeo instead empties the target first).
#pragma once

#include <ferry/file_io/staging.hpp>

#include <filesystem>
#include <vector>

namespace ferry::plugins::dir {

class StagingDir {
 public:
  // Refuses a target that exists and is neither empty nor an image directory
  // (it might hold anything), removes staging dead writers left beside it,
  // creates missing parents and the staging dir.
  explicit StagingDir(const std::filesystem::path& target);
  // Unless published: removes the staging dir and the parents it created.
  ~StagingDir();
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;

  const std::filesystem::path& path() const { return staging_; }
  const std::filesystem::path& target() const { return target_; }

  // Atomically replaces the target with the staging dir (RENAME_EXCHANGE
  // where the file system has it), then removes the old content.
  void publish();

 private:
  void check_target() const;

  std::filesystem::path target_;
  std::filesystem::path staging_;
  file_io::StagingLock lock_;                   // marks staging_ as a live writer's
  std::vector<std::filesystem::path> created_;  // parents we made, outermost first
  bool published_ = false;
};

}  // namespace ferry::plugins::dir
