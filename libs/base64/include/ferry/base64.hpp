// Standard base64 with padding (RFC 4648 §4), decoded as strictly as Go's
// base64.StdEncoding: what Go's encoding/json writes for []byte, what auth
// files and cosign's formats hold.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::base64 {

std::string encode(std::string_view bytes);

// nullopt when `text` is not canonical padded base64; `bad_offset`, when
// given, receives the index of the first input byte that makes it so.
std::optional<std::string> decode(std::string_view text, size_t* bad_offset = nullptr);

}  // namespace ferry::base64
