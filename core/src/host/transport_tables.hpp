// A plugin's tables are checked once, when its transport is registered, so that
// a malformed table is refused with one line naming what is wrong instead of
// surfacing later as a NULL call or a flag that cannot be parsed.
#pragma once

#include <ferry/plugin.h>

#include <cstdint>
#include <string>

namespace ferry {

// Throws Error(FERRY_E_ABI) naming `origin`, the transport and the fault when
// a required method is missing from a table the transport offers, or an
// option is malformed (bad name, unknown type or scope, declared twice).
void check_transport_tables(const ferry_transport& t, uint32_t abi_minor, const std::string& origin);

}  // namespace ferry
