// containers-storage's <layer>.tar-split.gz files as the tar-split assembler
// reads them back (libs/tar-split): the store is on disk, so a file may have
// been crafted. The input is gzipped, as the store keeps it, and read over a
// small layer directory; the assembler may only refuse it with ferry's errors.
#include "fuzz_input.hpp"

#include <ferry/tar_split/assembler.hpp>

#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fs::path base = [] {
    char tmpl[] = "/tmp/ferry-fuzz-tar-split-XXXXXX";
    if (!::mkdtemp(tmpl)) std::abort();
    fs::path b(tmpl);
    fs::create_directories(b / "root" / "etc");
    std::ofstream(b / "root" / "etc" / "hello.txt") << "hello\n";
    fs::create_symlink("/etc", b / "root" / "out");
    return b;
  }();
  const fs::path file = base / "tar-split.gz";
  gzFile gz = gzopen(file.c_str(), "wb1");
  if (!gz) std::abort();
  if (size > 0 && gzwrite(gz, data, static_cast<unsigned>(size)) != static_cast<int>(size)) std::abort();
  gzclose(gz);
  ferry::fuzz::accepted([&] {
    ferry::tar_split::Assembler tar(file.string(), (base / "root").string());
    char buf[65536];
    while (tar.read(buf, sizeof buf) > 0) {
    }
  });
  return 0;
}
