// Staging left behind by dead writers. Every temporary file and staging
// directory is flock()ed by the process writing it for as long as it exists
// under its temporary name; the kernel drops the lock when that process dies
// (SIGKILL, power loss of the process, a crash). So the next writer to the same
// place can tell a dead writer's leftovers from a live writer's work, and
// removes only the former.
#pragma once

#include <filesystem>
#include <string_view>

namespace ferry::file_io {

// Holds an exclusive lock on a staging directory while it exists.
class StagingLock {
 public:
  StagingLock() = default;
  explicit StagingLock(const std::filesystem::path& dir);
  ~StagingLock();
  StagingLock(StagingLock&& other) noexcept;
  StagingLock& operator=(StagingLock&& other) noexcept;

 private:
  int fd_ = -1;
};

// Takes the lock on an open staging file or directory; false when another
// process holds it.
bool lock_staging(int fd, bool wait);

// Removes the entries of `dir` whose names start with `prefix` and whose lock
// nobody holds, unless they changed in the last few seconds (a writer locks
// what it creates a moment after creating it). Errors are ignored: this is
// tidying, never a reason for a copy to fail.
void remove_stale_staging(const std::filesystem::path& dir, std::string_view prefix);

// `dir` (the host's --tmpdir) after remove_stale_staging(dir, prefix). Scratch
// files there belong to no destination, so no later write to a destination
// would find what a killed copy left: whoever makes one tidies its prefix first.
std::filesystem::path tidied_scratch_dir(const std::filesystem::path& dir, std::string_view prefix);

}  // namespace ferry::file_io
