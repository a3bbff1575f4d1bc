#include "ferry/docker_save/tar_file_sink.hpp"

#include <ferry/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace ferry::docker_save {

void TarFileSink::append(const void* data, size_t n) {
  rewrite(end_, data, n);
  end_ += n;
}

void TarFileSink::rewrite(uint64_t at, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::pwrite(file_.fd(), p, n, static_cast<off_t>(at));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0)
      throw sdk::Error(FERRY_E_IO, "writing " + file_.path().string() + " failed: " + std::strerror(errno));
    p += w;
    at += static_cast<uint64_t>(w);
    n -= static_cast<size_t>(w);
  }
}

void TarFileSink::truncate(uint64_t size) {
  if (::ftruncate(file_.fd(), static_cast<off_t>(size)) != 0)
    throw sdk::Error(FERRY_E_IO, "truncating " + file_.path().string() + " failed: " + std::strerror(errno));
  end_ = size;
}

}  // namespace ferry::docker_save
