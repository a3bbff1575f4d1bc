// time.Time as Go prints it: civil fields, reference-time layouts, String().
#include "go_template_time.hpp"

#include <array>
#include <cctype>
#include <ctime>

namespace ferry::gotmpl {
namespace {

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                              "Thursday", "Friday", "Saturday"};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string padded(int64_t v, int width, char pad = '0') {
  std::string digits = std::to_string(v < 0 ? -v : v);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, width - digits.size(), pad);
  return (v < 0 ? "-" : "") + digits;
}

// "+0200", "+02:00", "+02", optionally with seconds; "Z" for UTC when z_for_utc.
std::string zone_offset(int32_t offset, bool colon, bool with_minutes, bool with_seconds, bool z_for_utc) {
  if (z_for_utc && offset == 0) return "Z";
  const int32_t a = offset < 0 ? -offset : offset;
  std::string out(1, offset < 0 ? '-' : '+');
  out += padded(a / 3600, 2);
  if (with_minutes) out += (colon ? ":" : "") + padded(a / 60 % 60, 2);
  if (with_seconds) out += (colon ? ":" : "") + padded(a % 60, 2);
  return out;
}

bool starts(std::string_view s, size_t i, std::string_view prefix) { return s.substr(i).starts_with(prefix); }

// One layout element at `i`, appended to out; returns its length (0 when the
// character is literal text).
size_t format_element(std::string& out, std::string_view l, size_t i, const GoTime& t, const Civil& c) {
  const int hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
  const std::string month = kMonths[c.month - 1], day = kDays[c.weekday];
  // Zones, longest first, with their shapes: colon, minutes, seconds.
  struct Zone {
    const char* text;
    bool colon, minutes, seconds;
  };
  static constexpr Zone kZones[] = {{"070000", false, true, true},
                                    {"07:00:00", true, true, true},
                                    {"0700", false, true, false},
                                    {"07:00", true, true, false},
                                    {"07", false, false, false}};
  switch (l[i]) {
    case 'J':
      if (starts(l, i, "January")) return out += month, 7;
      if (starts(l, i, "Jan")) return out += month.substr(0, 3), 3;
      return 0;
    case 'M':
      if (starts(l, i, "Monday")) return out += day, 6;
      if (starts(l, i, "Mon")) return out += day.substr(0, 3), 3;
      if (starts(l, i, "MST")) {
        out += t.zone.empty() ? zone_offset(t.offset, false, true, false, false) : t.zone;
        return 3;
      }
      return 0;
    case '0':
      if (starts(l, i, "002")) return out += padded(c.yday, 3), 3;
      if (i + 1 < l.size() && l[i + 1] >= '1' && l[i + 1] <= '6') {
        const int64_t values[] = {c.month, c.day, hour12, c.minute, c.second, c.year % 100};
        return out += padded(values[l[i + 1] - '1'], 2), 2;
      }
      return 0;
    case '1':
      if (starts(l, i, "15")) return out += padded(c.hour, 2), 2;
      return out += std::to_string(c.month), 1;
    case '2':
      if (starts(l, i, "2006")) return out += padded(c.year, 4), 4;
      return out += std::to_string(c.day), 1;
    case '_':
      if (starts(l, i, "__2")) return out += padded(c.yday, 3, ' '), 3;
      if (starts(l, i, "_2") && !starts(l, i, "_2006")) return out += padded(c.day, 2, ' '), 2;
      return 0;
    case '3':
      return out += std::to_string(hour12), 1;
    case '4':
      return out += std::to_string(c.minute), 1;
    case '5':
      return out += std::to_string(c.second), 1;
    case 'P':
      if (starts(l, i, "PM")) return out += c.hour >= 12 ? "PM" : "AM", 2;
      return 0;
    case 'p':
      if (starts(l, i, "pm")) return out += c.hour >= 12 ? "pm" : "am", 2;
      return 0;
    case '-':
    case 'Z':
      for (const Zone& z : kZones) {
        if (starts(l, i + 1, z.text)) {
          out += zone_offset(t.offset, z.colon, z.minutes, z.seconds, l[i] == 'Z');
          return 1 + std::string_view(z.text).size();
        }
      }
      return 0;
    case '.':
    case ',': {
      // ".000" prints that many digits; ".999" trims trailing zeros. Only when
      // the digit run is not followed by another digit.
      if (i + 1 >= l.size() || (l[i + 1] != '0' && l[i + 1] != '9')) return 0;
      size_t j = i + 1;
      while (j < l.size() && l[j] == l[i + 1]) ++j;
      if (j < l.size() && std::isdigit(static_cast<unsigned char>(l[j]))) return 0;
      std::string digits = padded(t.nanos, 9).substr(0, std::min<size_t>(j - i - 1, 9));
      if (l[i + 1] == '9') {
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        if (digits.empty()) return j - i;
      }
      out += l[i] + digits;
      return j - i;
    }
    default:
      return 0;
  }
}

}  // namespace

Civil civil(const GoTime& t) {
  const int64_t local = t.seconds + t.offset;
  const int64_t days = floor_div(local, 86400), secs = local - days * 86400;
  // civil_from_days, the inverse of days_from_civil.
  const int64_t z = days + 719468, era = floor_div(z, 146097), doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int64_t y = yoe + era * 400 + (m <= 2);
  Civil c{};
  c.year = y;
  c.month = m;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  c.weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  c.yday = static_cast<int>(days - days_from_civil(y, 1, 1) + 1);
  return c;
}

std::string time_format(const GoTime& t, std::string_view layout) {
  const Civil c = civil(t);
  std::string out;
  for (size_t i = 0; i < layout.size();) {
    const size_t n = format_element(out, layout, i, t, c);
    if (n == 0)
      out += layout[i++];
    else
      i += n;
  }
  return out;
}

std::string time_string(const GoTime& t) { return time_format(t, "2006-01-02 15:04:05.999999999 -0700 MST"); }

std::string time_rfc3339(const GoTime& t) { return time_format(t, "2006-01-02T15:04:05.999999999Z07:00"); }

GoTime time_utc(const GoTime& t) {
  GoTime u = t;
  u.offset = 0;
  u.zone = "UTC";
  return u;
}

GoTime time_local(const GoTime& t) {
  GoTime l = t;
  const std::time_t secs = static_cast<std::time_t>(t.seconds);
  std::tm tm{};
  if (localtime_r(&secs, &tm) != nullptr) {
    l.offset = static_cast<int32_t>(tm.tm_gmtoff);
    l.zone = tm.tm_zone ? tm.tm_zone : "";
  }
  return l;
}

std::string month_name(int64_t month) {
  if (month >= 1 && month <= 12) return kMonths[month - 1];
  return "%!Month(" + std::to_string(month) + ")";
}

std::string weekday_name(int64_t weekday) {
  if (weekday >= 0 && weekday <= 6) return kDays[weekday];
  return "%!Weekday(" + std::to_string(weekday) + ")";
}

}  // namespace ferry::gotmpl

namespace ferry {

std::optional<GoTime> GoTime::parse_rfc3339(std::string_view s) {
  auto num = [&](size_t at, size_t n, int64_t& v) {
    if (at + n > s.size()) return false;
    v = 0;
    for (size_t k = at; k < at + n; ++k) {
      if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
      v = v * 10 + (s[k] - '0');
    }
    return true;
  };
  int64_t y, mo, d, h, mi, sec;
  if (s.size() < 20 || !num(0, 4, y) || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' || !num(8, 2, d) ||
      (s[10] != 'T' && s[10] != 't') || !num(11, 2, h) || s[13] != ':' || !num(14, 2, mi) || s[16] != ':' ||
      !num(17, 2, sec) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) {
    return std::nullopt;
  }
  GoTime t;
  size_t i = 19;
  if (s[i] == '.') {
    int64_t scale = 100000000;
    while (++i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      t.nanos += static_cast<int32_t>((s[i] - '0') * scale);
      scale /= 10;
    }
  }
  int64_t oh = 0, om = 0;
  if (i + 1 == s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    t.zone = "UTC";
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && num(i + 1, 2, oh) && s[i + 3] == ':' &&
             num(i + 4, 2, om)) {
    t.offset = static_cast<int32_t>((oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1));
  } else {
    return std::nullopt;
  }
  t.seconds = gotmpl::days_from_civil(y, static_cast<int>(mo), static_cast<int>(d)) * 86400 + h * 3600 +
              mi * 60 + sec - t.offset;
  return t;
}

}  // namespace ferry
