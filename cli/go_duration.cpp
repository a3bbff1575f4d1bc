#include "go_duration.hpp"

#include "app.hpp"

#include <cctype>
#include <cmath>
#include <string>

namespace ferry::cli {

std::chrono::nanoseconds parse_go_duration(std::string_view text) {
  auto invalid = [&]() -> std::chrono::nanoseconds {
    throw UsageError("time: invalid duration \"" + std::string(text) + "\"");
  };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return invalid();
  static const struct {
    std::string_view name;
    double nanos;
  } units[] = {{"ns", 1},   {"us", 1e3}, {"µs", 1e3}, {"μs", 1e3},
               {"ms", 1e6}, {"s", 1e9},  {"m", 60e9}, {"h", 3600e9}};
  double total = 0;
  while (!s.empty()) {
    size_t n = 0;
    while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.')) ++n;
    if (n == 0 || s.substr(0, n) == ".") return invalid();
    double value = 0;
    try {
      value = std::stod(std::string(s.substr(0, n)));
    } catch (const std::exception&) {
      return invalid();
    }
    s.remove_prefix(n);
    size_t u = 0;
    while (u < s.size() && !std::isdigit(static_cast<unsigned char>(s[u])) && s[u] != '.') ++u;
    std::string_view unit = s.substr(0, u);
    s.remove_prefix(u);
    const double* scale = nullptr;
    for (const auto& known : units)
      if (known.name == unit) scale = &known.nanos;
    if (unit.empty()) throw UsageError("time: missing unit in duration \"" + std::string(text) + "\"");
    if (!scale)
      throw UsageError("time: unknown unit \"" + std::string(unit) + "\" in duration \"" + std::string(text) +
                       "\"");
    total += value * *scale;
  }
  if (!std::isfinite(total) || total > 9.2e18) return invalid();
  auto nanos = std::chrono::nanoseconds(static_cast<long long>(std::llround(total)));
  return negative ? -nanos : nanos;
}

}  // namespace ferry::cli
