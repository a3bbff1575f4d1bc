// Recording a layer tar's tar-split while the tar streams by: every byte that
// is not file content (headers, pax and GNU long-name data, padding, the end
// of the archive and whatever follows it) is kept as a segment, every entry as
// its name, size and CRC-64. containers-storage keeps this next to the
// unpacked layer to give back the very tar it was given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace ferry::tar_split {

// Limits on the tar itself: a pax or GNU long-name header's data is held in
// memory, so it is refused above this (Go's archive/tar uses the same limit).
inline constexpr size_t max_special_header = 1024 * 1024;

class Recorder {
 public:
  // Writes the gzip-compressed JSON lines to `out_fd`, which stays open and
  // is the caller's to fsync and close.
  explicit Recorder(int out_fd);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Every byte of the uncompressed tar, in order, in chunks of any size.
  // Throws ferry::sdk::Error (FERRY_E_INVALID_ARGUMENT) naming what is
  // malformed: a bad header checksum, a size that does not parse or overflows,
  // an oversized long-name header, a sparse file, a duplicate path.
  void feed(const void* data, size_t n);

  // Called with each entry's name (pax and GNU long names applied) and type
  // flag once its header is read, before its content: a caller that applies
  // the tar as it streams can judge names first. What it throws, feed()
  // throws.
  void on_entry(std::function<void(std::string_view name, char type)> hook);

  // After the last byte: checks the tar did not stop inside an entry, writes
  // the rest and ends the gzip stream. Throws as feed() does, and
  // FERRY_E_IO when writing fails.
  void finish();

  // Tar bytes fed so far and entries written (segments and files).
  uint64_t bytes_fed() const;
  uint64_t entries() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace ferry::tar_split
