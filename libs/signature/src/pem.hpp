// One PEM block ("-----BEGIN TYPE-----", base64 lines, "-----END TYPE-----"),
// read as Go's pem.Decode finds the first block, and written with 64-column
// lines.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::signature::pem {

struct Block {
  std::string type;
  std::string bytes;
};

// The first well-formed block in `text`, or nullopt.
std::optional<Block> decode(std::string_view text);
std::string encode(const Block& block);

}  // namespace ferry::signature::pem
