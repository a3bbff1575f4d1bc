// The recorder is a state machine over the tar's blocks, so it works on chunks
// of any size and holds at most one header's data, never file content.
#include "ferry/tar_split/recorder.hpp"

#include "crc64.hpp"
#include "entry.hpp"
#include "gzip.hpp"
#include "tar_block.hpp"

#include <ferry/plugin.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <unordered_set>

namespace ferry::tar_split {
namespace {

// Raw bytes are cut into segments of at most this much (tar-split cuts what
// follows the archive the same way), so no line of the output is huge.
constexpr size_t max_segment = 1024 * 1024;

enum class Phase { header, special, payload, padding, trailer, failed };

[[noreturn]] void malformed(const std::string& what) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the layer tar is malformed: " + what);
}

}  // namespace

struct Recorder::State {
  explicit State(int fd) : gz(fd) {}

  GzipWriter gz;
  Phase phase = Phase::header;
  uint64_t fed = 0, position = 0;

  unsigned char block[block_size];
  size_t block_fill = 0;
  uint64_t block_offset = 0;
  bool saw_zero_block = false;

  std::string seg;  // raw bytes not yet written as a segment

  // A pax or GNU header's data being read.
  char special_type = 0;
  std::string special_name;
  std::string special;
  uint64_t special_left = 0;

  // What pax and GNU headers said about the next entry.
  std::optional<std::string> pax_path, long_name;
  std::optional<int64_t> pax_size;

  // The entry whose content is going by.
  std::string name;
  std::function<void(std::string_view, char)> entry_hook;
  int64_t size = 0;
  uint64_t payload_left = 0, payload_total = 0;
  Crc64 crc;

  uint64_t pad_left = 0;
  std::unordered_set<std::string> seen;

  void emit(const Entry& e) {
    Entry copy = e;
    copy.position = position++;
    gz.write(encode_entry(copy));
  }
  void flush_segment() {
    if (seg.empty()) return;
    Entry e;
    e.type = EntryType::segment;
    e.payload = std::move(seg);
    seg.clear();
    emit(e);
  }
  void append_segment(const unsigned char* p, size_t n) {
    while (n) {
      size_t take = std::min(n, max_segment - seg.size());
      seg.append(reinterpret_cast<const char*>(p), take);
      p += take;
      n -= take;
      if (seg.size() == max_segment) flush_segment();
    }
  }
  void start_padding(uint64_t data_size) {
    pad_left = block_padding(data_size);
    phase = pad_left ? Phase::padding : Phase::header;
  }

  void file_entry(const std::string& entry_name, int64_t entry_size, std::optional<std::string> sum) {
    // tar-split refuses a second entry for one path, and so would
    // containers-storage reading this back.
    std::string clean = clean_path(entry_name);
    if (!seen.insert(clean).second)
      malformed("the path " + entry_name + " appears twice (tar-split cannot record duplicate paths)");
    flush_segment();
    Entry e;
    e.type = EntryType::file;
    e.name = entry_name;
    e.size = entry_size;
    e.payload = std::move(sum);
    emit(e);
  }

  void on_header() {
    uint64_t offset = block_offset;
    if (is_zero_block(block)) {
      append_segment(block, block_size);
      if (!saw_zero_block) {
        saw_zero_block = true;
        return;
      }
      // The end of the archive; all that follows is kept as it is.
      flush_segment();
      phase = Phase::trailer;
      return;
    }
    if (saw_zero_block)
      malformed("a header follows a single zero block at offset " + std::to_string(offset) +
                " (the archive ends with two)");
    TarHeader h = parse_header(block, offset);
    append_segment(block, block_size);
    switch (h.typeflag) {
      case 'x':
      case 'g':
      case 'L':
      case 'K':
        if (uint64_t(h.size) > max_special_header)
          malformed("the " + std::string(h.typeflag == 'L' || h.typeflag == 'K' ? "GNU long name" : "pax") +
                    " header at offset " + std::to_string(offset) + " holds " + std::to_string(h.size) +
                    " bytes, more than the 1 MiB limit");
        special_type = h.typeflag;
        special_name = h.name;
        special.clear();
        special_left = uint64_t(h.size);
        phase = Phase::special;
        if (!special_left) end_special();
        return;
      case 'S':
        malformed("the entry " + h.name + " at offset " + std::to_string(offset) +
                  " is a GNU sparse file, which is not supported");
      default:
        break;
    }
    std::string entry_name = h.name;
    if (pax_path) entry_name = *pax_path;
    if (long_name) entry_name = *long_name;
    int64_t entry_size = pax_size.value_or(h.size);
    char type = h.typeflag;
    if (type == '\0') type = !entry_name.empty() && entry_name.back() == '/' ? '5' : '0';
    pax_path.reset();
    pax_size.reset();
    long_name.reset();

    name = std::move(entry_name);
    if (entry_hook) entry_hook(name, type);
    size = entry_size;
    payload_total = payload_left = header_only(type) ? 0 : uint64_t(entry_size);
    crc = Crc64();
    phase = Phase::payload;
    if (!payload_left) end_payload();
  }

  void end_special() {
    uint64_t data_size = special.size();
    if (special_type == 'x' || special_type == 'g') {
      auto records = parse_pax(special, block_offset);
      for (const auto& [key, value] : records)
        if (key.rfind("GNU.sparse.", 0) == 0)
          malformed("the pax header at offset " + std::to_string(block_offset) +
                    " describes a sparse file, which is not supported");
      std::optional<int64_t> size_record;
      if (auto it = records.find("size"); it != records.end()) {
        int64_t v = -1;
        auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
        if (ec != std::errc() || p != it->second.data() + it->second.size() || v < 0)
          malformed("the pax header at offset " + std::to_string(block_offset) + " has a bad size record");
        size_record = v;
      }
      std::optional<std::string> path_record;
      if (auto it = records.find("path"); it != records.end()) path_record = it->second;
      if (special_type == 'x') {
        pax_path = std::move(path_record);
        pax_size = size_record;
      } else {
        // Go's reader returns a global header as an entry of its own, without
        // content, and forgets what came before it; tar-split records it so.
        pax_path.reset();
        pax_size.reset();
        long_name.reset();
        file_entry(path_record.value_or(special_name), 0, std::nullopt);
      }
    } else if (special_type == 'L') {
      long_name = c_string(special);
    }
    special.clear();
    start_padding(data_size);
  }

  void end_payload() {
    std::optional<std::string> sum;
    if (size > 0) sum = crc.bytes();
    file_entry(name, size, std::move(sum));
    start_padding(payload_total);
  }

  void feed(const unsigned char* p, size_t n) {
    while (n) {
      size_t take = 0;
      switch (phase) {
        case Phase::header:
          take = std::min(n, block_size - block_fill);
          if (block_fill == 0) block_offset = fed;
          std::memcpy(block + block_fill, p, take);
          block_fill += take;
          fed += take;
          p += take;
          n -= take;
          if (block_fill == block_size) {
            block_fill = 0;
            on_header();
          }
          continue;
        case Phase::special:
          take = size_t(std::min<uint64_t>(n, special_left));
          special.append(reinterpret_cast<const char*>(p), take);
          append_segment(p, take);
          special_left -= take;
          break;
        case Phase::payload:
          take = size_t(std::min<uint64_t>(n, payload_left));
          crc.update(p, take);
          payload_left -= take;
          break;
        case Phase::padding:
          take = size_t(std::min<uint64_t>(n, pad_left));
          append_segment(p, take);
          pad_left -= take;
          break;
        case Phase::trailer:
          take = n;
          append_segment(p, take);
          break;
        case Phase::failed:
          throw sdk::Error(FERRY_E_INTERNAL, "tar-split: the recorder is used after it failed");
      }
      fed += take;
      p += take;
      n -= take;
      if (phase == Phase::special && !special_left)
        end_special();
      else if (phase == Phase::payload && !payload_left)
        end_payload();
      else if (phase == Phase::padding && !pad_left)
        phase = Phase::header;
    }
  }

  void finish() {
    switch (phase) {
      case Phase::header:
        if (block_fill) malformed("it ends inside the header at offset " + std::to_string(block_offset));
        // Go's reader takes a tar that stops at a header boundary, without
        // the two zero blocks, as complete; so does tar-split.
        if (pax_path || pax_size || long_name)
          malformed("it ends after a pax or GNU long-name header, without the entry it describes");
        break;
      case Phase::trailer:
        break;
      case Phase::special:
        malformed("it ends inside the data of the header at offset " + std::to_string(block_offset));
      case Phase::payload:
        malformed("it ends inside the content of " + name + " (" +
                  std::to_string(payload_total - payload_left) + " of " + std::to_string(payload_total) +
                  " bytes)");
      case Phase::padding:
        malformed("it ends inside the padding after the entry at offset " + std::to_string(block_offset));
      case Phase::failed:
        throw sdk::Error(FERRY_E_INTERNAL, "tar-split: the recorder is used after it failed");
    }
    flush_segment();
    // tar-split copies what follows the archive in reads until one returns
    // nothing, and the release in skopeo 1.9 records that last empty read
    // too: an empty segment ends its files, and every release reads it.
    Entry last;
    last.type = EntryType::segment;
    last.payload = std::string();
    emit(last);
    gz.finish();
  }
};

Recorder::Recorder(int out_fd) : s_(std::make_unique<State>(out_fd)) {}
Recorder::~Recorder() = default;

void Recorder::on_entry(std::function<void(std::string_view name, char type)> hook) {
  s_->entry_hook = std::move(hook);
}

void Recorder::feed(const void* data, size_t n) {
  try {
    s_->feed(static_cast<const unsigned char*>(data), n);
  } catch (...) {
    s_->phase = Phase::failed;
    throw;
  }
}

void Recorder::finish() {
  try {
    s_->finish();
  } catch (...) {
    s_->phase = Phase::failed;
    throw;
  }
}

uint64_t Recorder::bytes_fed() const { return s_->fed; }
uint64_t Recorder::entries() const { return s_->position; }

}  // namespace ferry::tar_split
