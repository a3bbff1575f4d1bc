// The tar-split library from the shell, for tar_split_storage.sh:
//   tar_split_tool record OUT.tar-split.gz < layer.tar
//   tar_split_tool assemble IN.tar-split.gz LAYER-DIR > layer.tar
#include <ferry/plugin.hpp>
#include <ferry/tar_split/assembler.hpp>
#include <ferry/tar_split/recorder.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

void write_all(int fd, const char* p, size_t n) {
  while (n) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) throw std::runtime_error(std::string("write: ") + std::strerror(errno));
    p += w;
    n -= size_t(w);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  try {
    std::vector<char> buf(1 << 16);
    if (mode == "record" && argc == 3) {
      int fd = ::open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0) throw std::runtime_error(std::string(argv[2]) + ": " + std::strerror(errno));
      ferry::tar_split::Recorder r(fd);
      ssize_t n;
      while ((n = ::read(0, buf.data(), buf.size())) != 0) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error(std::string("read: ") + std::strerror(errno));
        r.feed(buf.data(), size_t(n));
      }
      r.finish();
      if (::close(fd) != 0) throw std::runtime_error(std::string("close: ") + std::strerror(errno));
      return 0;
    }
    if (mode == "assemble" && argc == 4) {
      ferry::tar_split::Assembler a(argv[2], argv[3]);
      while (size_t n = a.read(buf.data(), buf.size())) write_all(1, buf.data(), n);
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tar_split_tool: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: tar_split_tool record OUT.gz < TAR | assemble IN.gz DIR > TAR\n");
  return 2;
}
