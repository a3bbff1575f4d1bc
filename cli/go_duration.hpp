// Go's time.ParseDuration, for the flags skopeo takes as Go durations
// (--command-timeout, --retry-delay): "1h2m3.5s", "500ms", "10us", "0".
#pragma once

#include <chrono>
#include <string_view>

namespace ferry::cli {

// Throws UsageError worded as Go's: time: invalid duration "x", time: missing unit in
// duration "5", time: unknown unit "x" in duration "5x".
std::chrono::nanoseconds parse_go_duration(std::string_view text);

}  // namespace ferry::cli
