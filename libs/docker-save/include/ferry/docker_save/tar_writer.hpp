// Writing a tar file through a descriptor. A layer's name and size are known
// only once it has been read to its end (its name is its digest), so a
// streamed entry leaves room for its header and fills it in afterwards: the
// bytes are written once, never spooled twice.
#pragma once

#include "ferry/docker_save/tar_format.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::docker_save {

class TarWriter {
 public:
  // `fd` must be a regular file open for writing; `label` names it in errors.
  TarWriter(int fd, std::string label) : fd_(fd), label_(std::move(label)) {}

  void add_file(std::string_view name, std::string_view bytes);
  void add_symlink(std::string_view name, std::string_view target);

  // A streamed entry: begin, write any number of times, then end (with its
  // name) or abandon (the entry goes, as if never begun).
  void begin_stream();
  void write(const void* data, size_t n);
  uint64_t stream_size() const { return pos_ - stream_start_ - tar_block; }
  void end_stream(std::string_view name);
  void abandon_stream();

  // The end-of-archive marker.
  void finish();

  uint64_t size() const { return pos_; }

 private:
  void put(const void* data, size_t n, uint64_t at);
  void pad();

  int fd_;
  std::string label_;
  uint64_t pos_ = 0;
  uint64_t stream_start_ = 0;
  bool streaming_ = false;
};

}  // namespace ferry::docker_save
