// Sizes, rates and times as a progress display prints them: binary units with
// one decimal, as skopeo's bars do ("560.0KiB", "9.2MiB", "392.0b"), and
// remaining time as Go prints a duration rounded to seconds ("1m5s").
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ferry::cli {

std::string byte_size(uint64_t bytes);
std::string byte_rate(double bytes_per_second);
std::string seconds_left(std::chrono::seconds left);

}  // namespace ferry::cli
