// A content digest ("algo:encoded") checked so that it is safe to use as a
// file name: digests come from manifests and index.json, which are untrusted.
#pragma once

#include <string>
#include <string_view>

namespace ferry::oci_layout {

struct Digest {
  std::string algorithm;  // "sha256"
  std::string encoded;    // the hex part

  std::string str() const { return algorithm + ":" + encoded; }
};

// Parses and validates `text`; throws FERRY_E_INVALID_ARGUMENT naming `where`
// (the file or argument the digest came from) when it is malformed.
Digest parse_digest(std::string_view text, std::string_view where);

}  // namespace ferry::oci_layout
