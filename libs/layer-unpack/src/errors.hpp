// Errors that name the layer entry they are about, never a bare libarchive or
// errno text: the user must see which entry of which layer was refused.
#pragma once

#include <ferry/plugin.hpp>

#include <string>
#include <string_view>

namespace ferry::layer_unpack::detail {

// The name quoted and made printable; a hostile name may hold anything.
std::string quoted(std::string_view name);

// "layer entry \"name\": what"
[[noreturn]] void fail(ferry_status code, std::string_view entry, const std::string& what);
// As fail, FERRY_E_IO, with the system's reason for err appended.
[[noreturn]] void fail_errno(std::string_view entry, const std::string& what, int err);

}  // namespace ferry::layer_unpack::detail
