// A tar built in a temporary file (removed unless completed). What completing
// means (renaming it over a target, copying it into a pipe) is the
// subclass's business.
#pragma once

#include "ferry/docker_save/tar_sink.hpp"

#include <ferry/file_io/temp_file.hpp>

#include <filesystem>
#include <string_view>

namespace ferry::docker_save {

class TarFileSink : public TarSink {
 public:
  TarFileSink(const std::filesystem::path& dir, std::string_view prefix) : file_(dir, prefix) {}

  void append(const void* data, size_t n) override;
  bool rewritable() const override { return true; }
  void rewrite(uint64_t at, const void* data, size_t n) override;
  void truncate(uint64_t size) override;

 protected:
  file_io::TempFile& file() { return file_; }

 private:
  file_io::TempFile file_;
  uint64_t end_ = 0;
};

}  // namespace ferry::docker_save
