// Reading the files of an on-disk image store: blobs as streams (never whole
// in memory), and small files (index.json, manifests, signatures) whole, with
// a size limit.
#pragma once

#include <ferry/plugin.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace ferry::file_io {

// A blob stream over an open file descriptor.
class FileReader : public sdk::Reader {
 public:
  // Throws FERRY_E_NOT_FOUND when the file is absent, FERRY_E_IO otherwise.
  // `what` names the file in errors ("blob sha256:…").
  FileReader(const std::filesystem::path& path, std::string what);
  ~FileReader() override;
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  size_t read(void* buf, size_t cap) override;
  int64_t size() const { return size_; }

 private:
  int fd_ = -1;
  int64_t size_ = -1;
  std::filesystem::path path_;
};

// Manifests and index.json are small; anything bigger is refused rather than
// read into memory (the containers tools use the same 4 MiB limit).
inline constexpr size_t max_small_file = 4 * 1024 * 1024;

// The whole file, or nullopt when it does not exist. Throws FERRY_E_IO on other
// failures and FERRY_E_INVALID_ARGUMENT when it is larger than `limit`.
std::optional<std::string> read_small_file(const std::filesystem::path& path, size_t limit = max_small_file);

}  // namespace ferry::file_io
