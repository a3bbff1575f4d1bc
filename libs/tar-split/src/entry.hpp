// One line of a tar-split file: tar-split's storage.Entry, as Go's
// encoding/json writes it, and read back with the types and limits ferry
// demands of untrusted JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::tar_split {

enum class EntryType { file = 1, segment = 2 };

struct Entry {
  EntryType type = EntryType::segment;
  // The tar entry's path, whatever bytes it holds; written as "name" when it
  // is valid UTF-8, as base64 "name_raw" otherwise.
  std::string name;
  int64_t size = 0;
  // Segment: the raw tar bytes. File: the CRC-64 (8 bytes), absent when empty.
  std::optional<std::string> payload;
  uint64_t position = 0;
};

// The JSON object and its "\n", members in Go's order: type, name, name_raw,
// size, payload, position.
std::string encode_entry(const Entry& e);

// `document` names the line in errors ("entry 12 of /x/y.tar-split.gz").
// Throws json_input::Error for bad JSON, wrong types, a bad type number or
// base64, a negative size.
Entry decode_entry(std::string_view line, const std::string& document, size_t max_bytes);

bool valid_utf8(std::string_view s);

// Go's path/filepath.Clean on a Unix path: how tar-split compares names.
std::string clean_path(std::string_view path);

}  // namespace ferry::tar_split
