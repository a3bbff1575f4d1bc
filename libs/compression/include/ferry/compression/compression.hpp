// Streaming (de)compression readers for layer blobs: gzip through zlib, zstd
// through libzstd. Nothing is held whole in memory.
#pragma once

#include <ferry/compression/byte_reader.hpp>

#include <memory>
#include <string_view>

namespace ferry {

enum class Compression { none, gzip, zstd, unknown };

// Compression recognised from a blob's first bytes (magic numbers).
Compression sniff_compression(std::string_view head);

// Reads `in` and delivers the decompressed bytes.
std::unique_ptr<ByteReader> decompressing_reader(ByteReader& in, Compression c);

// Reads `in` and delivers it compressed. level 0 means the library default
// (gzip 6, zstd 3). zstd compresses on `threads` worker threads (1: in the
// caller's thread, with the least memory).
std::unique_ptr<ByteReader> compressing_reader(ByteReader& in, Compression c, int level,
                                               unsigned threads = 1);

// "gzip" / "zstd" / "none": the names --dest-compress-format takes.
Compression compression_from_name(std::string_view name);

}  // namespace ferry
