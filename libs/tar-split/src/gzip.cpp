#include "gzip.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace ferry::tar_split {
namespace {

constexpr size_t chunk = 64 * 1024;
constexpr int gzip_window = 15 + 16;  // zlib's way of asking for a gzip wrapper

}  // namespace

GzipWriter::GzipWriter(int fd) : fd_(fd), out_(chunk) {
  if (deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip_window, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw sdk::Error(FERRY_E_INTERNAL, "tar-split: cannot start gzip compression (out of memory?)");
}

GzipWriter::~GzipWriter() { deflateEnd(&z_); }

void GzipWriter::write(std::string_view bytes) {
  if (finished_) throw sdk::Error(FERRY_E_INTERNAL, "tar-split: written after the gzip stream ended");
  z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z_.avail_in = static_cast<uInt>(bytes.size());
  deflate_some(Z_NO_FLUSH);
}

void GzipWriter::finish() {
  if (finished_) return;
  z_.next_in = nullptr;
  z_.avail_in = 0;
  deflate_some(Z_FINISH);
  finished_ = true;
}

void GzipWriter::deflate_some(int flush) {
  for (;;) {
    z_.next_out = out_.data();
    z_.avail_out = static_cast<uInt>(out_.size());
    int rc = deflate(&z_, flush);
    if (rc == Z_STREAM_ERROR) throw sdk::Error(FERRY_E_INTERNAL, "tar-split: gzip compression failed");
    write_out(out_.data(), out_.size() - z_.avail_out);
    if (flush == Z_FINISH ? rc == Z_STREAM_END : z_.avail_out != 0) return;
  }
}

void GzipWriter::write_out(const unsigned char* p, size_t n) {
  while (n) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) throw sdk::Error(FERRY_E_IO, std::string("tar-split: cannot write: ") + std::strerror(errno));
    p += w;
    n -= static_cast<size_t>(w);
  }
}

GzipLineReader::GzipLineReader(const std::string& path, size_t max_line)
    : path_(path), max_line_(max_line), in_(chunk) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    int e = errno;
    throw sdk::Error(e == ENOENT ? FERRY_E_NOT_FOUND : FERRY_E_IO,
                     "cannot open the tar-split file " + path + ": " + std::strerror(e));
  }
  if (inflateInit2(&z_, gzip_window) != Z_OK) {
    ::close(fd_);
    throw sdk::Error(FERRY_E_INTERNAL, "tar-split: cannot start gzip decompression (out of memory?)");
  }
}

GzipLineReader::~GzipLineReader() {
  inflateEnd(&z_);
  if (fd_ >= 0) ::close(fd_);
}

bool GzipLineReader::fill() {
  unsigned char out[chunk];
  for (;;) {
    if (z_.avail_in == 0 && !eof_) {
      ssize_t r;
      do r = ::read(fd_, in_.data(), in_.size());
      while (r < 0 && errno == EINTR);
      if (r < 0)
        throw sdk::Error(FERRY_E_IO, "cannot read the tar-split file " + path_ + ": " + std::strerror(errno));
      if (r == 0) eof_ = true;
      z_.next_in = in_.data();
      z_.avail_in = static_cast<uInt>(r);
    }
    if (z_.avail_in == 0 && eof_) {
      if (in_stream_ || !any_member_)
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                         "the tar-split file " + path_ + " is cut short (its gzip stream does not end)");
      return false;
    }
    // Several gzip members one after another read as one stream, as Go's
    // gzip reader reads them.
    if (!in_stream_) {
      inflateReset(&z_);
      in_stream_ = true;
      any_member_ = true;
    }
    z_.next_out = out;
    z_.avail_out = sizeof out;
    int rc = inflate(&z_, Z_NO_FLUSH);
    if (rc == Z_STREAM_END)
      in_stream_ = false;
    else if (rc != Z_OK && rc != Z_BUF_ERROR)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the tar-split file " + path_ + " is not valid gzip data");
    size_t n = sizeof out - z_.avail_out;
    if (n) {
      pending_.append(reinterpret_cast<char*>(out), n);
      return true;
    }
  }
}

bool GzipLineReader::next(std::string& line) {
  size_t searched = pending_pos_;
  for (;;) {
    size_t nl = pending_.find('\n', searched);
    if (nl != std::string::npos) {
      if (nl - pending_pos_ > max_line_) break;
      line.assign(pending_, pending_pos_, nl - pending_pos_);
      pending_pos_ = nl + 1;
      return true;
    }
    if (pending_.size() - pending_pos_ > max_line_) break;
    // Drop what was consumed before growing the buffer.
    if (pending_pos_) {
      pending_.erase(0, pending_pos_);
      pending_pos_ = 0;
    }
    searched = pending_.size();
    if (!fill()) {
      if (pending_.empty()) return false;
      line = std::move(pending_);
      pending_.clear();
      return true;
    }
  }
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the tar-split file " + path_ + " has a line longer than " +
                                                 std::to_string(max_line_ / 1024) + " KiB");
}

}  // namespace ferry::tar_split
