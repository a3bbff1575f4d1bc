#include "ostree_layer.hpp"

#include <ferry/compression/compression.hpp>
#include <ferry/digest/digest.hpp>
#include <ferry/layer_unpack/unpack.hpp>
#include <ferry/plugin.hpp>
#include <ferry/tar_split/recorder.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

namespace ferry::plugins::ostree {
namespace {

// Gives back the bytes it peeked at before the rest of the stream.
class PeekedReader final : public ByteReader {
 public:
  explicit PeekedReader(ByteReader& in) : in_(in) {
    while (head_.size() < 8) {
      char buf[8];
      size_t n = in_.read(buf, 8 - head_.size());
      if (n == 0) break;
      head_.append(buf, n);
    }
  }
  std::string_view head() const { return head_; }
  size_t read(void* buf, size_t cap) override {
    if (pos_ < head_.size()) {
      size_t n = std::min(cap, head_.size() - pos_);
      std::memcpy(buf, head_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return in_.read(buf, cap);
  }

 private:
  ByteReader& in_;
  std::string head_;
  size_t pos_ = 0;
};

}  // namespace

UnpackedLayer unpack_layer(ByteReader& blob, const std::string& root, int tar_split_fd,
                           const std::function<bool()>& cancelled) {
  UnpackedLayer out;
  PeekedReader peeked(blob);
  Compression compression = sniff_compression(peeked.head());
  std::unique_ptr<ByteReader> decoder;
  if (compression != Compression::none) decoder = decompressing_reader(peeked, compression);
  ByteReader& tar = decoder ? *decoder : static_cast<ByteReader&>(peeked);

  Hasher diff_id;
  tar_split::Recorder recorder(tar_split_fd);
  auto read = [&](void* buf, size_t cap) -> size_t {
    if (cancelled && cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "the copy was interrupted");
    size_t n = tar.read(buf, cap);
    if (n == 0) return 0;
    diff_id.update(buf, n);
    recorder.feed(buf, n);
    out.diff_size += static_cast<int64_t>(n);
    return n;
  };
  layer_unpack::Options options;
  options.whiteouts = layer_unpack::Whiteouts::keep;
  options.refuse_escaping_links = true;
  layer_unpack::unpack(read, root, options);
  recorder.finish();
  out.diff_id = diff_id.finish().str();
  return out;
}

void remove_special_files(const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> special;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    fs::file_status st = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_block_file(st) || fs::is_character_file(st) || fs::is_fifo(st) || fs::is_socket(st))
      special.push_back(it->path());
  }
  if (ec) throw sdk::Error(FERRY_E_IO, "walking the unpacked layer " + root + ": " + ec.message());
  for (const fs::path& p : special)
    if (!fs::remove(p, ec) && ec)
      throw sdk::Error(FERRY_E_IO, "removing " + p.string() + ": " + ec.message());
}

}  // namespace ferry::plugins::ostree
