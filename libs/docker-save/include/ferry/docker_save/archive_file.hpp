// The tar file an archive is read from. A plain tar in a regular file is read
// in place; a compressed one (gzip, bzip2, xz, zstd: libarchive detects them)
// or a stream (a pipe, /dev/stdin, a daemon's response) is first written,
// uncompressed, to an unlinked temporary file under --tmpdir, so that it can
// be indexed and read at random.
#pragma once

#include <ferry/plugin.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace ferry::docker_save {

class ArchiveFile {
 public:
  // `label` names the archive in errors (the user's path, or "the image
  // docker returned"). Throws FERRY_E_IO when `path` does not exist.
  ArchiveFile(const std::filesystem::path& path, std::string label, const sdk::Context& ctx);
  ~ArchiveFile();
  ArchiveFile(const ArchiveFile&) = delete;
  ArchiveFile& operator=(const ArchiveFile&) = delete;

  int fd() const { return fd_; }
  uint64_t size() const { return size_; }
  const std::string& label() const { return label_; }

 private:
  void spool(int in, const sdk::Context& ctx);

  int fd_ = -1;
  uint64_t size_ = 0;
  std::string label_;
};

// True when `head` starts with the magic bytes of a compression format.
bool looks_compressed(const unsigned char* head, size_t n);

}  // namespace ferry::docker_save
