#include "ferry/docker_save/entry_reader.hpp"

#include "ferry/docker_save/archive_file.hpp"

#include <ferry/file_io/archive_error.hpp>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace ferry::docker_save {

namespace {

// The bytes of one entry, read in place.
class EntryReader : public sdk::Reader {
 public:
  EntryReader(const TarIndex& index, const TarEntry& e, std::string what)
      : fd_(index.fd()),
        pos_(e.offset),
        end_(e.offset + e.size),
        what_(std::move(what)),
        archive_(index.label()) {}

  size_t read(void* buf, size_t cap) override {
    size_t want = static_cast<size_t>(std::min<uint64_t>(cap, end_ - pos_));
    if (want == 0) return 0;
    for (;;) {
      ssize_t n = ::pread(fd_, buf, want, static_cast<off_t>(pos_));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        throw sdk::Error(FERRY_E_IO,
                         "reading " + what_ + " from " + archive_ + " failed: " + std::strerror(errno));
      if (n == 0) throw sdk::Error(FERRY_E_IO, archive_ + " shrank while " + what_ + " was read from it");
      pos_ += static_cast<uint64_t>(n);
      return static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
  uint64_t pos_, end_;
  std::string what_, archive_;
};

// libarchive's decompressors fed from an EntryReader.
class DecompressingReader : public sdk::Reader {
 public:
  DecompressingReader(const TarIndex& index, const TarEntry& e, std::string what)
      : in_(index, e, what),
        what_(std::move(what)),
        archive_(index.label()),
        a_(archive_read_new(), archive_read_free) {
    archive_read_support_filter_all(a_.get());
    archive_read_support_format_raw(a_.get());
    if (archive_read_open(a_.get(), this, nullptr, &DecompressingReader::feed, nullptr) != ARCHIVE_OK) fail();
    archive_entry* entry = nullptr;
    if (archive_read_next_header(a_.get(), &entry) != ARCHIVE_OK) fail();
  }

  size_t read(void* buf, size_t cap) override {
    la_ssize_t n = archive_read_data(a_.get(), buf, cap);
    if (n < 0) fail();
    return static_cast<size_t>(n);
  }

 private:
  static la_ssize_t feed(archive* a, void* self, const void** out) {
    auto* r = static_cast<DecompressingReader*>(self);
    try {
      *out = r->buf_;
      return static_cast<la_ssize_t>(r->in_.read(r->buf_, sizeof r->buf_));
    } catch (const std::exception& e) {
      r->error_ = e.what();
      archive_set_error(a, EIO, "%s", e.what());
      return -1;
    }
  }

  [[noreturn]] void fail() {
    std::string why = error_.empty() ? file_io::archive_error(a_.get()) : error_;
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "cannot decompress " + what_ + " in " + archive_ + ": " + why);
  }

  EntryReader in_;
  std::string what_, archive_, error_;
  std::unique_ptr<archive, int (*)(archive*)> a_;
  char buf_[256 * 1024];
};

}  // namespace

std::unique_ptr<sdk::Reader> open_entry(const TarIndex& index, const TarEntry& e, std::string what) {
  return std::make_unique<EntryReader>(index, e, std::move(what));
}

std::unique_ptr<sdk::Reader> open_entry_decompressed(const TarIndex& index, const TarEntry& e,
                                                     std::string what) {
  return std::make_unique<DecompressingReader>(index, e, std::move(what));
}

bool entry_is_compressed(const TarIndex& index, const TarEntry& e) {
  unsigned char head[6] = {};
  EntryReader r(index, e, "a layer");
  size_t n = 0;
  while (n < sizeof head) {
    size_t got = r.read(head + n, sizeof head - n);
    if (got == 0) break;
    n += got;
  }
  return looks_compressed(head, n);
}

std::string read_entry(const TarIndex& index, const TarEntry& e, const std::string& what, size_t limit) {
  if (e.size > limit)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, what + " in " + index.label() + " is " +
                                                   std::to_string(e.size) + " bytes, more than the " +
                                                   std::to_string(limit) + " allowed; refusing to read it");
  std::string out(e.size, '\0');
  EntryReader r(index, e, what);
  for (size_t n = 0; n < out.size();) n += r.read(out.data() + n, out.size() - n);
  return out;
}

}  // namespace ferry::docker_save
