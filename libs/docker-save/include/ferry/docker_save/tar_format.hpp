// One 512-byte tar header block: decoding what docker, skopeo and GNU tar
// write (ustar, with pax and GNU long-name records handled by the index), and
// encoding the plain ustar headers this library writes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::docker_save {

inline constexpr size_t tar_block = 512;
using TarBlock = std::array<char, tar_block>;

struct TarHeader {
  std::string name;  // prefix/name joined
  std::string linkname;
  char type = '0';  // '0' file, '1' hard link, '2' symlink, '5' dir, 'x' pax, 'L' GNU long name...
  uint64_t size = 0;
};

// Rounds n up to a whole number of blocks.
constexpr uint64_t tar_padded(uint64_t n) { return (n + tar_block - 1) / tar_block * tar_block; }

bool is_zero_block(const TarBlock& b);

// nullopt when the checksum or a numeric field is malformed.
std::optional<TarHeader> decode_tar_header(const TarBlock& b);

// A ustar header (mode 0444, owner 0:0, mtime 0, like skopeo's). Throws
// FERRY_E_INTERNAL for a name that does not fit ustar; sizes of 8 GiB and
// more use the base-256 encoding GNU tar and Go read.
TarBlock encode_tar_header(std::string_view name, char type, uint64_t size, std::string_view linkname = {});

}  // namespace ferry::docker_save
