#include "ferry/docker_save/tar_format.hpp"

#include <ferry/plugin.hpp>

#include <algorithm>
#include <cstring>

namespace ferry::docker_save {

namespace {

// Field offsets and widths of the ustar header.
constexpr size_t name_off = 0, name_len = 100;
constexpr size_t mode_off = 100, uid_off = 108, gid_off = 116;
constexpr size_t size_off = 124, size_len = 12, mtime_off = 136;
constexpr size_t chksum_off = 148, type_off = 156, link_off = 157, link_len = 100;
constexpr size_t magic_off = 257, devmajor_off = 329, devminor_off = 337, prefix_off = 345, prefix_len = 155;

std::string field(const TarBlock& b, size_t off, size_t len) {
  const char* p = b.data() + off;
  return std::string(p, strnlen(p, len));
}

// Octal (NUL- or space-terminated, possibly space-padded) or base-256.
std::optional<uint64_t> number(const TarBlock& b, size_t off, size_t len) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(b.data() + off);
  if (p[0] & 0x80) {
    if (p[0] != 0x80) return std::nullopt;  // negative, or too big for us
    uint64_t v = 0;
    for (size_t i = 1; i < len; ++i) {
      if (v >> 56) return std::nullopt;
      v = (v << 8) | p[i];
    }
    return v;
  }
  size_t i = 0;
  while (i < len && p[i] == ' ') ++i;
  uint64_t v = 0;
  bool any = false;
  for (; i < len && p[i] >= '0' && p[i] <= '7'; ++i, any = true) {
    if (v >> 60) return std::nullopt;
    v = v * 8 + (p[i] - '0');
  }
  for (; i < len; ++i)
    if (p[i] != ' ' && p[i] != '\0') return std::nullopt;
  return any ? std::optional<uint64_t>(v) : std::optional<uint64_t>(0);
}

// Text into a field; an empty string_view may have no data pointer at all,
// which memcpy must not be given even for zero bytes.
void put_text(TarBlock& b, size_t off, std::string_view text) {
  std::copy(text.begin(), text.end(), b.begin() + static_cast<std::ptrdiff_t>(off));
}

void put_octal(TarBlock& b, size_t off, size_t len, uint64_t v) {
  // len-1 digits and a NUL, as Go and GNU tar write them.
  for (size_t i = len - 1; i-- > 0;) {
    b[off + i] = static_cast<char>('0' + (v & 7));
    v >>= 3;
  }
  b[off + len - 1] = '\0';
}

unsigned checksum(const TarBlock& b) {
  unsigned sum = 0;
  for (size_t i = 0; i < tar_block; ++i)
    sum += (i >= chksum_off && i < chksum_off + 8) ? ' ' : static_cast<unsigned char>(b[i]);
  return sum;
}

}  // namespace

bool is_zero_block(const TarBlock& b) {
  return std::all_of(b.begin(), b.end(), [](char c) { return c == 0; });
}

std::optional<TarHeader> decode_tar_header(const TarBlock& b) {
  auto sum = number(b, chksum_off, 8);
  if (!sum || *sum != checksum(b)) return std::nullopt;
  auto size = number(b, size_off, size_len);
  if (!size) return std::nullopt;
  TarHeader h;
  h.name = field(b, name_off, name_len);
  if (std::memcmp(b.data() + magic_off, "ustar", 5) == 0) {
    std::string prefix = field(b, prefix_off, prefix_len);
    if (!prefix.empty()) h.name = prefix + "/" + h.name;
  }
  h.linkname = field(b, link_off, link_len);
  h.type = b[type_off] == '\0' ? '0' : b[type_off];
  h.size = *size;
  return h;
}

TarBlock encode_tar_header(std::string_view name, char type, uint64_t size, std::string_view linkname) {
  TarBlock b{};
  std::string_view prefix;
  if (name.size() > name_len) {
    size_t cut = name.rfind('/', prefix_len);
    if (cut == std::string_view::npos || name.size() - cut - 1 > name_len)
      throw sdk::Error(FERRY_E_INTERNAL,
                       "tar entry name \"" + std::string(name) + "\" is too long for ustar");
    prefix = name.substr(0, cut);
    name = name.substr(cut + 1);
  }
  if (linkname.size() > link_len)
    throw sdk::Error(FERRY_E_INTERNAL,
                     "tar link target \"" + std::string(linkname) + "\" is too long for ustar");
  put_text(b, name_off, name);
  put_octal(b, mode_off, 8, type == '2' ? 0 : 0444);  // as skopeo (Go's archive/tar) writes them
  put_octal(b, uid_off, 8, 0);
  put_octal(b, gid_off, 8, 0);
  if (size < (uint64_t{1} << 33)) {
    put_octal(b, size_off, size_len, size);
  } else {
    b[size_off] = static_cast<char>(0x80);
    for (size_t i = size_len; i-- > 1; size >>= 8) b[size_off + i] = static_cast<char>(size & 0xff);
  }
  put_octal(b, mtime_off, 12, 0);
  b[type_off] = type;
  put_text(b, link_off, linkname);
  std::memcpy(b.data() + magic_off,
              "ustar\0"
              "00",
              8);
  put_octal(b, devmajor_off, 8, 0);
  put_octal(b, devminor_off, 8, 0);
  put_text(b, prefix_off, prefix);
  unsigned sum = checksum(b);
  put_octal(b, chksum_off, 7, sum);  // six digits and a NUL ...
  b[chksum_off + 7] = ' ';           // ... then a space
  return b;
}

}  // namespace ferry::docker_save
