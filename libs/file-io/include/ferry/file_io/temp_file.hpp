// Files that appear whole or not at all: written under a temporary name in the
// same directory and renamed into place, so readers never see half a file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ferry::file_io {

class TempFile {
 public:
  // Creates `dir`/`prefix`XXXXXX (mode 0600 until published).
  TempFile(const std::filesystem::path& dir, std::string_view prefix);
  ~TempFile();  // removes the file unless it was published
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write(const void* data, size_t n);
  // fsync, chmod `mode`, close and rename to `target`.
  void publish(const std::filesystem::path& target, unsigned mode = 0644);
  const std::filesystem::path& path() const { return path_; }
  // For writers that need pwrite/ftruncate (the docker-save tar writer).
  int fd() const { return fd_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool published_ = false;
};

// Replaces `target` with `bytes` atomically; the file gets `mode`.
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes, unsigned mode = 0644);

}  // namespace ferry::file_io
