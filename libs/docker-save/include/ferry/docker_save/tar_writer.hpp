// Writing a tar into a TarSink. A layer's name and size are known only once it
// has been read to its end (its name is its digest); into a rewritable sink
// it is a streamed entry, which leaves room for its header and fills it in
// afterwards, so the bytes are written once. Into a stream the caller must
// know the size first and announce the entry with begin_entry.
#pragma once

#include "ferry/docker_save/tar_format.hpp"
#include "ferry/docker_save/tar_sink.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::docker_save {

class TarWriter {
 public:
  explicit TarWriter(TarSink& sink) : sink_(sink) {}

  void add_file(std::string_view name, std::string_view bytes);
  void add_symlink(std::string_view name, std::string_view target);

  // An entry whose size is known: begin, write exactly `size` bytes, end.
  void begin_entry(std::string_view name, uint64_t size);
  void end_entry();

  // A streamed entry (rewritable sinks only): begin, write any number of
  // times, then end (with its name) or abandon (the entry goes, as if never
  // begun).
  void begin_stream();
  uint64_t stream_size() const { return pos_ - stream_start_ - tar_block; }
  void end_stream(std::string_view name);
  void abandon_stream();

  // The bytes of the entry begun last.
  void write(const void* data, size_t n);

  // The end-of-archive marker.
  void finish();

  uint64_t size() const { return pos_; }

 private:
  void put(const void* data, size_t n);
  void pad();

  TarSink& sink_;
  uint64_t pos_ = 0;
  uint64_t stream_start_ = 0;
  uint64_t entry_end_ = 0;  // where the entry begun with begin_entry must end
  bool streaming_ = false;
};

}  // namespace ferry::docker_save
