// Reading tar's 512-byte header blocks and pax records as Go's archive/tar
// (tar-split's fork of it) reads them: the same names, sizes and refusals, so
// a recorded tar-split says what containers-storage would have written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace ferry::tar_split {

inline constexpr size_t block_size = 512;

struct TarHeader {
  std::string name;  // the name field, with the ustar prefix when there is one
  char typeflag = 0;
  int64_t size = 0;
};

bool is_zero_block(const unsigned char* block);

// Throws FERRY_E_INVALID_ARGUMENT naming `offset` for a bad checksum or size.
TarHeader parse_header(const unsigned char* block, uint64_t offset);

// "len key=value\n" records of a pax header's data; throws when malformed.
std::map<std::string, std::string> parse_pax(std::string_view data, uint64_t offset);

// Text up to the first NUL, as tar fields and GNU long names are read.
std::string c_string(std::string_view field);

// Entries whose size field does not count data that follows the header.
bool header_only(char typeflag);

inline uint64_t block_padding(uint64_t n) { return (block_size - n % block_size) % block_size; }

}  // namespace ferry::tar_split
