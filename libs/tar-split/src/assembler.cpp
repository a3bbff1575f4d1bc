#include "ferry/tar_split/assembler.hpp"

#include "crc64.hpp"
#include "entry.hpp"
#include "gzip.hpp"
#include "open_beneath.hpp"

#include <ferry/json_input/error.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace ferry::tar_split {
namespace {

[[noreturn]] void integrity(const std::string& name, const std::string& why) {
  // containers-storage's words, then what differs.
  throw sdk::Error(FERRY_E_DIGEST_MISMATCH, "file integrity checksum failed for " + name + " (" + why + ")");
}

}  // namespace

struct Assembler::State {
  State(const std::string& path, const std::string& root_path, AssemblerLimits l)
      : lines(path, l.max_line), gz_path(path), root(root_path), limits(l) {}
  ~State() {
    if (file_fd >= 0) ::close(file_fd);
    if (root_fd >= 0) ::close(root_fd);
  }

  GzipLineReader lines;
  std::string gz_path, root;
  AssemblerLimits limits;
  int root_fd = -1;
  uint64_t index = 0;
  uint64_t name_bytes = 0;
  std::unordered_set<std::string> seen;
  std::string line;
  bool done = false;

  // The segment being copied out.
  std::string segment;
  size_t segment_pos = 0;

  // The file whose content is being copied out: from root, or from opener.
  FileOpener opener;
  std::unique_ptr<sdk::Reader> file_reader;
  int file_fd = -1;
  std::string file_name;
  std::string file_sum;
  uint64_t file_left = 0;
  Crc64 crc;

  // Reads entries until there is something to copy; false at the end.
  bool next_entry() {
    while (lines.next(line)) {
      if (line.empty()) continue;
      std::string document = "entry " + std::to_string(index) + " of the tar-split file " + gz_path;
      if (index >= limits.max_entries)
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the tar-split file " + gz_path + " has more than " +
                                                       std::to_string(limits.max_entries) + " entries");
      Entry e = decode_entry(line, document, limits.max_line);
      if (e.position != index)
        throw json_input::Error(document + " says it is at position " + std::to_string(e.position));
      ++index;
      if (e.type == EntryType::segment) {
        if (!e.payload || e.payload->empty()) continue;
        segment = std::move(*e.payload);
        segment_pos = 0;
        return true;
      }
      // Duplicate paths are refused, as tar-split's reader refuses them.
      name_bytes += e.name.size();
      if (name_bytes > limits.max_name_bytes)
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the tar-split file " + gz_path + " names more than " +
                                                       std::to_string(limits.max_name_bytes >> 20) +
                                                       " MiB of paths");
      if (!seen.insert(clean_path(e.name)).second)
        throw json_input::Error(document + " names " + e.name + " a second time");
      // Entries without content (directories, links, empty files) are only
      // their headers, which the segments hold.
      if (e.size == 0) continue;
      if (!e.payload || e.payload->size() != 8)
        throw json_input::Error(document + ": \"payload\" is not an 8-byte CRC-64");
      open_file(e);
      return true;
    }
    return false;
  }

  void open_file(const Entry& e) {
    if (opener) {
      FileSource source = opener(e.name);
      if (!source.reader) throw sdk::Error(FERRY_E_INTERNAL, "no reader for the layer's file " + e.name);
      file_reader = std::move(source.reader);
      file_name = e.name;
      file_sum = *e.payload;
      file_left = uint64_t(e.size);
      crc = Crc64();
      if (source.size != uint64_t(e.size))
        integrity(file_name,
                  "it has " + std::to_string(source.size) + " bytes, the tar had " + std::to_string(e.size));
      return;
    }
    if (root_fd < 0) {
      root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (root_fd < 0) {
        int err = errno;
        throw sdk::Error(err == ENOENT ? FERRY_E_NOT_FOUND : FERRY_E_IO,
                         "cannot open the layer directory " + root + ": " + std::strerror(err));
      }
    }
    file_fd = open_beneath(root_fd, e.name);
    file_name = e.name;
    file_sum = *e.payload;
    file_left = uint64_t(e.size);
    crc = Crc64();
    struct stat st {};
    if (::fstat(file_fd, &st) != 0 || uint64_t(st.st_size) != uint64_t(e.size))
      integrity(file_name,
                "it has " + std::to_string(st.st_size) + " bytes, the tar had " + std::to_string(e.size));
  }

  ssize_t read_some(unsigned char* buf, size_t want) {
    if (file_reader) return static_cast<ssize_t>(file_reader->read(buf, want));
    ssize_t r;
    do r = ::read(file_fd, buf, want);
    while (r < 0 && errno == EINTR);
    if (r < 0)
      throw sdk::Error(FERRY_E_IO, "cannot read the layer's file " + file_name + ": " + std::strerror(errno));
    return r;
  }

  size_t read_file(unsigned char* buf, size_t cap) {
    size_t want = size_t(std::min<uint64_t>(cap, file_left));
    ssize_t r = read_some(buf, want);
    if (r == 0)
      integrity(file_name, "it is shorter than the tar's " + std::to_string(file_left) + " bytes left");
    crc.update(buf, size_t(r));
    file_left -= uint64_t(r);
    if (!file_left) {
      // The size matched at open; the file must not have grown since.
      unsigned char extra;
      ssize_t more = read_some(&extra, 1);
      if (file_fd >= 0) ::close(file_fd);
      file_fd = -1;
      file_reader.reset();
      if (more > 0) integrity(file_name, "it is longer than the tar's entry");
      if (crc.bytes() != file_sum) integrity(file_name, "its CRC-64 differs");
    }
    return size_t(r);
  }

  size_t read(unsigned char* buf, size_t cap) {
    if (!cap) return 0;
    for (;;) {
      if (file_fd >= 0 || file_reader) return read_file(buf, cap);
      if (segment_pos < segment.size()) {
        size_t n = std::min(cap, segment.size() - segment_pos);
        std::memcpy(buf, segment.data() + segment_pos, n);
        segment_pos += n;
        return n;
      }
      if (done || !next_entry()) {
        done = true;
        return 0;
      }
    }
  }
};

Assembler::Assembler(const std::string& tar_split_gz_path, const std::string& root, AssemblerLimits limits)
    : s_(std::make_unique<State>(tar_split_gz_path, root, limits)) {}
Assembler::Assembler(const std::string& tar_split_gz_path, FileOpener open, AssemblerLimits limits)
    : s_(std::make_unique<State>(tar_split_gz_path, std::string(), limits)) {
  s_->opener = std::move(open);
}
Assembler::~Assembler() = default;

size_t Assembler::read(void* buf, size_t cap) { return s_->read(static_cast<unsigned char*>(buf), cap); }

}  // namespace ferry::tar_split
