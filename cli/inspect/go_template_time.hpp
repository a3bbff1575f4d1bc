// Private to the core: Go's time.Time behaviour for templates.
#pragma once

#include "inspect/go_template.hpp"

#include <string>
#include <string_view>

namespace ferry::gotmpl {

// The fields of a GoTime in its own zone.
struct Civil {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
  int hour, minute, second;
  int weekday;  // 0 = Sunday
  int yday;     // 1..366
};

Civil civil(const GoTime& t);

// Go's Time.Format with a reference-time layout ("2006-01-02 15:04:05").
std::string time_format(const GoTime& t, std::string_view layout);

// Time.String(): "2023-11-14 22:13:20 +0000 UTC".
std::string time_string(const GoTime& t);

// RFC 3339 with nanoseconds, as encoding/json writes a time.Time.
std::string time_rfc3339(const GoTime& t);

// The same instant in UTC, and in the machine's local zone.
GoTime time_utc(const GoTime& t);
GoTime time_local(const GoTime& t);

// English names, as time.Month and time.Weekday print.
std::string month_name(int64_t month);
std::string weekday_name(int64_t weekday);

}  // namespace ferry::gotmpl
