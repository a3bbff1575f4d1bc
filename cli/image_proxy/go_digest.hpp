// go-digest's Parse, for its error texts: a GetBlob with a malformed digest
// fails with the words skopeo's clients already know.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::cli::image_proxy {

// nullopt when `text` is a digest ferry can verify (sha256, sha512); else
// "invalid checksum digest format", "invalid checksum digest length" or
// "unsupported digest algorithm".
std::optional<std::string> digest_parse_error(std::string_view text);

}  // namespace ferry::cli::image_proxy
