// containers/storage's lock files (storage.lock, layers.lock, images.lock):
// POSIX record locks over the whole file, and a 64-byte "last writer" token a
// writer stores in it, so that podman, buildah and skopeo, which compare the
// token with the one they saw, reload what we changed. Open-file-description
// locks conflict with podman's fcntl() locks like its own do, and unlike
// those they are not dropped when another thread of ours closes the file.
#pragma once

#include <filesystem>

namespace ferry::plugins::cstore {

class StoreLock {
 public:
  enum class Mode { read, write };
  // Creates the file when missing (mode 0644), then waits for the lock.
  StoreLock(const std::filesystem::path& path, Mode mode);
  ~StoreLock();
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

  // After changing what the lock guards: a new last-writer token.
  void record_write();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace ferry::plugins::cstore
