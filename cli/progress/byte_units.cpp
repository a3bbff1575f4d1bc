#include "progress/byte_units.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace ferry::cli {

std::string byte_size(uint64_t bytes) {
  static constexpr std::array<const char*, 6> units = {"b", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < units.size()) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%s", value, units[unit]);
  return text;
}

std::string byte_rate(double bytes_per_second) {
  // Not finite or beyond 2^63: never seen, but converting it would be undefined.
  const bool sane = std::isfinite(bytes_per_second) && bytes_per_second > 0 && bytes_per_second < 9.2e18;
  return byte_size(sane ? static_cast<uint64_t>(bytes_per_second) : 0) + "/s";
}

std::string seconds_left(std::chrono::seconds left) {
  const long long s = left.count() < 0 ? 0 : left.count();
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  if (s >= 60) out += std::to_string(s / 60 % 60) + "m";
  return out + std::to_string(s % 60) + "s";
}

}  // namespace ferry::cli
