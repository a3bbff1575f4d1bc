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

void TarFileSink::rewrite(uint64_t at, const void* data, size_t n) { file_.write_at(at, data, n); }

void TarFileSink::truncate(uint64_t size) {
  if (::ftruncate(file_.fd(), static_cast<off_t>(size)) != 0)
    throw sdk::Error(FERRY_E_IO, "truncating " + file_.path().string() + " failed: " + std::strerror(errno));
  end_ = size;
}

}  // namespace ferry::docker_save
