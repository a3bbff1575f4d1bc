// Rebuilding a layer tar from its tar-split and the unpacked files: segments
// are copied, each file's content is read from the layer's directory and
// checked against the size and CRC-64 recorded for it. The tar-split file and
// the names in it are untrusted: a name never reaches outside `root`.
#pragma once

#include <ferry/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ferry::tar_split {

// Limits on what a tar-split file may hold.
struct AssemblerLimits {
  // One JSON line (a segment carries at most 1 MiB of tar bytes, 1.4 MiB of
  // base64; a name at most 1 MiB).
  size_t max_line = 4 * 1024 * 1024;
  // Entries of either type; a layer of a million files has about three million.
  uint64_t max_entries = uint64_t(1) << 26;
  // Bytes of all file names together (kept to refuse duplicates, as tar-split
  // does).
  uint64_t max_name_bytes = uint64_t(256) << 20;
};

// Where file contents come from when they are not files of a directory (an
// ostree commit): the reader of the file the tar-split names (untrusted: the
// opener must keep it inside its tree) and its size in bytes.
struct FileSource {
  std::unique_ptr<sdk::Reader> reader;
  uint64_t size = 0;
};
using FileOpener = std::function<FileSource(const std::string& name)>;

class Assembler : public sdk::Reader {
 public:
  // Throws FERRY_E_NOT_FOUND when the tar-split file or `root` is absent.
  Assembler(const std::string& tar_split_gz_path, const std::string& root, AssemblerLimits limits = {});
  // File contents from `open` instead of a directory; the same checks apply.
  Assembler(const std::string& tar_split_gz_path, FileOpener open, AssemblerLimits limits = {});
  ~Assembler() override;
  Assembler(const Assembler&) = delete;
  Assembler& operator=(const Assembler&) = delete;

  // The next tar bytes; 0 at the end. Throws ferry::sdk::Error:
  // FERRY_E_INVALID_ARGUMENT for a malformed tar-split or a name that leaves
  // `root`, FERRY_E_DIGEST_MISMATCH ("file integrity checksum failed for
  // <name>") when a file's size or CRC-64 differ, FERRY_E_IO otherwise.
  size_t read(void* buf, size_t cap) override;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace ferry::tar_split
