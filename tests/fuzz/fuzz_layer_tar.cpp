// Layer tars as containers-storage takes them in (libs/tar-split and
// libs/layer-unpack): the tar is unpacked into an empty directory while its
// tar-split is recorded, as one pass does in the plugin. When both accept it,
// the tar rebuilt from the tar-split and the unpacked files must be the input,
// byte for byte — containers-storage's promise to give back what it was given.
#include "fuzz_input.hpp"

#include <ferry/layer_unpack/unpack.hpp>
#include <ferry/tar_split/assembler.hpp>
#include <ferry/tar_split/recorder.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fs::path base = [] {
    char tmpl[] = "/tmp/ferry-fuzz-layer-XXXXXX";
    if (!::mkdtemp(tmpl)) std::abort();
    return fs::path(tmpl);
  }();
  const fs::path root = base / "root", split = base / "tar-split.gz";
  fs::remove_all(root);
  fs::create_directories(root);
  const int fd = ::open(split.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) std::abort();
  bool whole = ferry::fuzz::accepted([&] {
    ferry::tar_split::Recorder recorder(fd);
    size_t at = 0;
    auto read = [&](void* buf, size_t cap) -> size_t {
      const size_t n = std::min(cap, size - at);
      std::memcpy(buf, data + at, n);
      recorder.feed(data + at, n);
      at += n;
      return n;
    };
    ferry::layer_unpack::Options options;
    options.whiteouts = ferry::layer_unpack::Whiteouts::overlay;
    (void)ferry::layer_unpack::unpack(read, root.string(), options);
    recorder.finish();
  });
  ::close(fd);
  if (!whole) return 0;
  std::string rebuilt;
  ferry::fuzz::accepted([&] {
    ferry::tar_split::Assembler tar(split.string(), root.string());
    char buf[65536];
    for (size_t n; (n = tar.read(buf, sizeof buf)) > 0;) rebuilt.append(buf, n);
    // Unpacking may refuse to give back what it could not keep (a file
    // replaced by a later entry of the same name): a refusal is fine, a
    // different tar is not.
    if (rebuilt != ferry::fuzz::as_text(data, size)) std::abort();
  });
  return 0;
}
