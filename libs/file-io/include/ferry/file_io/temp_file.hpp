// Files that appear whole or not at all: written under a temporary name in the
// same directory and renamed into place, so readers never see half a file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace ferry::file_io {

class TempFile {
 public:
  // What the file is for. One to be published has its bytes handed to the
  // kernel's writeback as they are written (every 8 MiB), so the fsync before
  // it is published waits for the last few MiB, not for all of them; a scratch
  // file, removed unread by anyone else, is never pushed to the disk.
  enum class Use { publish, scratch };

  // Creates `dir`/`prefix`XXXXXX (mode 0600 until published).
  TempFile(const std::filesystem::path& dir, std::string_view prefix, Use use = Use::publish);
  ~TempFile();  // removes the file unless it was published
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write(const void* data, size_t n);
  // Writes at `at`, past the end or over what was written.
  void write_at(uint64_t at, const void* data, size_t n);
  // fsync, chmod `mode`, close and rename to `target`.
  void publish(const std::filesystem::path& target, unsigned mode = 0644);
  const std::filesystem::path& path() const { return path_; }
  // For readers and ftruncate (the docker-save tar writer).
  int fd() const { return fd_; }

 private:
  void wrote_up_to(uint64_t end);

  std::filesystem::path path_;
  int fd_ = -1;
  bool published_ = false;
  bool paced_ = true;
  uint64_t next_ = 0;                 // where write() writes: the descriptor's offset
  uint64_t end_ = 0;                  // the furthest byte written
  uint64_t handed_to_writeback_ = 0;  // bytes before this are on their way to the disk
};

// Replaces `target` with `bytes` atomically; the file gets `mode`.
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes, unsigned mode = 0644);

}  // namespace ferry::file_io
