// Go's strconv.ParseInt / ParseUint (base 0, 64 bits) and ParseBool, the
// parsers pflag gives int, uint and bool flags: the same values accepted
// ("0x1f", "0o17", "1_000", "+3", "T") and the same error text.
#pragma once

#include <cstdint>
#include <string>

namespace ferry::cli {

// Each throws UsageError worded as Go's error, e.g.
// strconv.ParseInt: parsing "abc": invalid syntax
int64_t go_parse_int(const std::string& text);
uint64_t go_parse_uint(const std::string& text);
// strconv.Atoi: decimal only, as pflag's ints flags read each item.
int64_t go_atoi(const std::string& text);
bool go_parse_bool(const std::string& text);

}  // namespace ferry::cli
