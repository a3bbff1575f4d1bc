// The gzip side of a tar-split file: compressing JSON lines onto a file
// descriptor, and reading them back one line at a time with a cap on a line's
// length, so a crafted file never makes ferry hold more than one line.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::tar_split {

class GzipWriter {
 public:
  explicit GzipWriter(int fd);
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  void write(std::string_view bytes);
  // Ends the gzip stream; nothing may be written after.
  void finish();

 private:
  void deflate_some(int flush);
  void write_out(const unsigned char* p, size_t n);

  int fd_;
  z_stream z_{};
  bool finished_ = false;
  std::vector<unsigned char> out_;
};

class GzipLineReader {
 public:
  // `what` names the file in errors. Throws FERRY_E_NOT_FOUND when absent.
  GzipLineReader(const std::string& path, size_t max_line);
  ~GzipLineReader();
  GzipLineReader(const GzipLineReader&) = delete;
  GzipLineReader& operator=(const GzipLineReader&) = delete;

  // The next line without its "\n" into `line`; false at the end. A last line
  // without "\n" is returned too (Go's decoder accepts it).
  bool next(std::string& line);

 private:
  // More decompressed bytes into pending_; false at the end of the file.
  bool fill();

  std::string path_;
  size_t max_line_;
  int fd_ = -1;
  z_stream z_{};
  bool in_stream_ = false;  // inside a gzip member
  bool eof_ = false;
  bool any_member_ = false;
  std::vector<unsigned char> in_;
  std::string pending_;
  size_t pending_pos_ = 0;
};

}  // namespace ferry::tar_split
