#include "ferry/image_from_files/go_json.hpp"

#include <ferry/plugin.hpp>

#include <cstdio>

namespace ferry::image_from_files {

namespace {

// Days since 1970-01-01 to a civil date (proleptic Gregorian).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

}  // namespace

std::string go_json_time(int64_t seconds, int64_t nanoseconds) {
  // Go refuses to marshal years outside 0..9999; so does this, before the
  // arithmetic below could overflow.
  constexpr int64_t first = -62167219200;  // 0000-01-01T00:00:00Z
  constexpr int64_t last = 253402300799;   // 9999-12-31T23:59:59Z
  if (seconds < first || seconds > last)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "the time " + std::to_string(seconds) + " s after 1970 is outside the years 0 to 9999");
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  int64_t in_day = seconds - days * 86400;
  int64_t year = 0;
  unsigned month = 0, day = 0;
  civil_from_days(days, year, month, day);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(year), month,
                day, static_cast<long long>(in_day / 3600), static_cast<long long>(in_day / 60 % 60),
                static_cast<long long>(in_day % 60));
  std::string out = buf;
  if (nanoseconds > 0 && nanoseconds < 1000000000) {
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanoseconds));
    std::string fraction = buf;
    while (fraction.back() == '0') fraction.pop_back();
    out += fraction;
  }
  return "\"" + out + "Z\"";
}

std::string_view go_arch() {
#if defined(__x86_64__)
  return "amd64";
#elif defined(__aarch64__)
  return "arm64";
#elif defined(__i386__)
  return "386";
#elif defined(__arm__)
  return "arm";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return "ppc64le";
#elif defined(__powerpc64__)
  return "ppc64";
#elif defined(__s390x__)
  return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#else
  return "unknown";
#endif
}

}  // namespace ferry::image_from_files
