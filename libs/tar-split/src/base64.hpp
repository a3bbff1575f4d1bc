// Standard base64 with padding, as Go's encoding/json writes []byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::tar_split {

std::string base64_encode(std::string_view bytes);
// nullopt when `text` is not canonical padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace ferry::tar_split
