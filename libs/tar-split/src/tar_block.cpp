#include "tar_block.hpp"

#include <ferry/plugin.hpp>

#include <charconv>
#include <cstring>

namespace ferry::tar_split {
namespace {

[[noreturn]] void malformed(uint64_t offset, const std::string& what) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                   "the layer tar is malformed: the header at offset " + std::to_string(offset) + " " + what);
}

std::string_view field(const unsigned char* block, size_t at, size_t len) {
  return {reinterpret_cast<const char*>(block) + at, len};
}

// Octal, NULs and spaces around it ignored; nullopt-like -1 when invalid.
int64_t parse_octal(std::string_view f) {
  size_t b = f.find_first_not_of(std::string_view(" \0", 2));
  if (b == std::string_view::npos) return 0;
  size_t e = f.find_last_not_of(std::string_view(" \0", 2));
  f = f.substr(b, e - b + 1);
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v, 8);
  if (ec != std::errc() || p != f.data() + f.size() || v > uint64_t(INT64_MAX)) return -1;
  return static_cast<int64_t>(v);
}

// GNU's base-256 when the first byte has its top bit set, octal otherwise.
int64_t parse_number(std::string_view f, uint64_t offset, const char* name) {
  auto first = static_cast<unsigned char>(f[0]);
  if (!(first & 0x80)) {
    int64_t v = parse_octal(f);
    if (v < 0) malformed(offset, std::string("has a ") + name + " field that is not an octal number");
    return v;
  }
  if (first == 0xff) malformed(offset, std::string("has a negative ") + name);
  uint64_t v = first & 0x7f;
  for (size_t i = 1; i < f.size(); ++i) {
    if (v > (uint64_t(INT64_MAX) >> 8))
      malformed(offset, std::string("has a ") + name + " too large for 64 bits");
    v = v << 8 | static_cast<unsigned char>(f[i]);
  }
  if (v > uint64_t(INT64_MAX)) malformed(offset, std::string("has a ") + name + " too large for 64 bits");
  return static_cast<int64_t>(v);
}

}  // namespace

bool is_zero_block(const unsigned char* block) {
  for (size_t i = 0; i < block_size; ++i)
    if (block[i]) return false;
  return true;
}

std::string c_string(std::string_view f) { return std::string(f.substr(0, f.find('\0'))); }

bool header_only(char t) { return t == '1' || t == '2' || t == '3' || t == '4' || t == '5' || t == '6'; }

TarHeader parse_header(const unsigned char* block, uint64_t offset) {
  // The checksum counts the checksum field as spaces; historic tars summed
  // signed bytes, and Go accepts either sum.
  int64_t want = parse_octal(field(block, 148, 8));
  int64_t unsigned_sum = 0, signed_sum = 0;
  for (size_t i = 0; i < block_size; ++i) {
    bool in_field = i >= 148 && i < 156;
    unsigned_sum += in_field ? ' ' : block[i];
    signed_sum += in_field ? ' ' : static_cast<signed char>(block[i]);
  }
  if (want < 0 || (want != unsigned_sum && want != signed_sum)) malformed(offset, "has a bad checksum");

  TarHeader h;
  h.typeflag = static_cast<char>(block[156]);
  h.size = parse_number(field(block, 124, 12), offset, "size");
  h.name = c_string(field(block, 0, 100));
  // POSIX ustar (and star, whose prefix is shorter) keep the start of long
  // names in a prefix field; GNU's magic uses those bytes for times.
  bool ustar = std::memcmp(block + 257, "ustar\0", 6) == 0 && std::memcmp(block + 263, "00", 2) == 0;
  if (ustar) {
    bool star = std::memcmp(block + 508, "tar\0", 4) == 0;
    std::string prefix = c_string(field(block, 345, star ? 131 : 155));
    if (!prefix.empty()) h.name = prefix + "/" + h.name;
  }
  return h;
}

std::map<std::string, std::string> parse_pax(std::string_view data, uint64_t offset) {
  std::map<std::string, std::string> records;
  while (!data.empty()) {
    size_t sp = data.find(' ');
    uint64_t len = 0;
    auto [p, ec] = std::from_chars(data.data(), data.data() + (sp == std::string_view::npos ? 0 : sp), len);
    if (sp == std::string_view::npos || ec != std::errc() || p != data.data() + sp || len <= sp + 1 ||
        len > data.size() || data[len - 1] != '\n')
      malformed(offset, "has a malformed pax record");
    std::string_view record = data.substr(sp + 1, len - sp - 2);
    data.remove_prefix(len);
    size_t eq = record.find('=');
    if (eq == std::string_view::npos || eq == 0) malformed(offset, "has a pax record without a key");
    records[std::string(record.substr(0, eq))] = std::string(record.substr(eq + 1));
  }
  return records;
}

}  // namespace ferry::tar_split
