#include "ferry/docker_save/tar_writer.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace ferry::docker_save {

void TarWriter::put(const void* data, size_t n, uint64_t at) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::pwrite(fd_, p, n, static_cast<off_t>(at));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) throw sdk::Error(FERRY_E_IO, "writing " + label_ + " failed: " + std::strerror(errno));
    p += w;
    at += static_cast<uint64_t>(w);
    n -= static_cast<size_t>(w);
  }
}

void TarWriter::pad() {
  static const char zeros[tar_block] = {};
  uint64_t n = tar_padded(pos_) - pos_;
  put(zeros, n, pos_);
  pos_ += n;
}

void TarWriter::add_file(std::string_view name, std::string_view bytes) {
  TarBlock h = encode_tar_header(name, '0', bytes.size());
  put(h.data(), h.size(), pos_);
  pos_ += h.size();
  put(bytes.data(), bytes.size(), pos_);
  pos_ += bytes.size();
  pad();
}

void TarWriter::add_symlink(std::string_view name, std::string_view target) {
  TarBlock h = encode_tar_header(name, '2', 0, target);
  put(h.data(), h.size(), pos_);
  pos_ += h.size();
}

void TarWriter::begin_stream() {
  stream_start_ = pos_;
  pos_ += tar_block;  // the header is written by end_stream
  streaming_ = true;
}

void TarWriter::write(const void* data, size_t n) {
  put(data, n, pos_);
  pos_ += n;
}

void TarWriter::end_stream(std::string_view name) {
  TarBlock h = encode_tar_header(name, '0', stream_size());
  put(h.data(), h.size(), stream_start_);
  pad();
  streaming_ = false;
}

void TarWriter::abandon_stream() {
  if (!streaming_) return;
  pos_ = stream_start_;
  if (::ftruncate(fd_, static_cast<off_t>(pos_)) != 0)
    throw sdk::Error(FERRY_E_IO, "truncating " + label_ + " failed: " + std::strerror(errno));
  streaming_ = false;
}

void TarWriter::finish() {
  static const char zeros[2 * tar_block] = {};
  put(zeros, sizeof zeros, pos_);
  pos_ += sizeof zeros;
}

}  // namespace ferry::docker_save
