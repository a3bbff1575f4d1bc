// File access for the dir: transport: blob streams that never hold a whole
// blob in memory, small files read whole, and files written under a
// temporary name so a failed write leaves no file under the final name.
#pragma once

#include <ferry/plugin.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::dir {

class FileReader : public sdk::Reader {
 public:
  // Throws FERRY_E_NOT_FOUND naming `what` and the path when the file is absent.
  FileReader(const std::filesystem::path& path, const std::string& what);
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

// Manifests and signatures: the whole file, or nullopt when it does not exist.
std::optional<std::string> read_small_file(const std::filesystem::path& path);

class TempFile {
 public:
  explicit TempFile(const std::filesystem::path& dir);
  ~TempFile();  // removes the file unless published
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write(const void* data, size_t n);
  // fsync, mode 0644, rename to `target`.
  void publish(const std::filesystem::path& target);

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool published_ = false;
};

void write_file(const std::filesystem::path& target, std::string_view bytes);

}  // namespace ferry::plugins::dir
