#include "ferry/docker_save/tar_writer.hpp"

#include <ferry/plugin.hpp>

namespace ferry::docker_save {

void TarWriter::put(const void* data, size_t n) {
  sink_.append(data, n);
  pos_ += n;
}

void TarWriter::pad() {
  static const char zeros[tar_block] = {};
  put(zeros, tar_padded(pos_) - pos_);
}

void TarWriter::add_file(std::string_view name, std::string_view bytes) {
  TarBlock h = encode_tar_header(name, '0', bytes.size());
  put(h.data(), h.size());
  put(bytes.data(), bytes.size());
  pad();
}

void TarWriter::add_symlink(std::string_view name, std::string_view target) {
  TarBlock h = encode_tar_header(name, '2', 0, target);
  put(h.data(), h.size());
}

void TarWriter::begin_entry(std::string_view name, uint64_t size) {
  TarBlock h = encode_tar_header(name, '0', size);
  put(h.data(), h.size());
  entry_end_ = pos_ + size;
}

void TarWriter::end_entry() {
  if (pos_ != entry_end_)
    throw sdk::Error(FERRY_E_IO, std::string("a tar entry got ") + (pos_ < entry_end_ ? "fewer" : "more") +
                                     " bytes than its header announced");
  pad();
}

void TarWriter::begin_stream() {
  if (!sink_.rewritable())
    throw sdk::Error(FERRY_E_INTERNAL, "an entry of unknown size cannot be streamed into this tar");
  static const char placeholder[tar_block] = {};  // the header, written by end_stream
  stream_start_ = pos_;
  put(placeholder, tar_block);
  streaming_ = true;
}

void TarWriter::write(const void* data, size_t n) {
  if (!streaming_ && pos_ + n > entry_end_)
    throw sdk::Error(FERRY_E_IO, "a tar entry got more bytes than its header announced");
  put(data, n);
}

void TarWriter::end_stream(std::string_view name) {
  TarBlock h = encode_tar_header(name, '0', stream_size());
  sink_.rewrite(stream_start_, h.data(), h.size());
  pad();
  streaming_ = false;
}

void TarWriter::abandon_stream() {
  if (!streaming_) return;
  pos_ = stream_start_;
  sink_.truncate(pos_);
  streaming_ = false;
}

void TarWriter::finish() {
  static const char zeros[2 * tar_block] = {};
  put(zeros, sizeof zeros);
}

}  // namespace ferry::docker_save
