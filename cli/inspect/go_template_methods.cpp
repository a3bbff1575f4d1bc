// Methods of the Go types skopeo's inspect output holds: time.Time (Created is
// a *time.Time), time.Month, time.Weekday and digest.Digest.
#include "go_template_funcs.hpp"
#include "go_template_time.hpp"

#include <algorithm>
#include <array>

namespace ferry::gotmpl {
namespace {

using Kind = GoValue::Kind;

constexpr std::array kTimeMethods = {"Year",       "Month",   "Day",     "Hour",   "Minute",    "Second",
                                     "Nanosecond", "YearDay", "Weekday", "Unix",   "UnixMilli", "UnixMicro",
                                     "UnixNano",   "UTC",     "Local",   "String", "Format",    "IsZero"};
constexpr std::array kDigestMethods = {"Algorithm", "Encoded", "Hex", "String"};

template <size_t N>
bool contains(const std::array<const char*, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void want_args(std::string_view name, const std::vector<GoValue>& args, size_t n) {
  if (args.size() != n) {
    throw ArgError("wrong number of args for " + std::string(name) + ": want " + std::to_string(n) + " got " +
                   std::to_string(args.size()));
  }
}

GoValue time_method(const GoValue& recv, std::string_view name, const std::vector<GoValue>& args) {
  want_args(name, args, name == "Format" ? 1 : 0);
  // Go calls the value method through the nil pointer, which panics.
  if (recv.is_nil) throw CallError("runtime error: invalid memory address or nil pointer dereference");
  const GoTime& t = recv.time;
  const Civil c = civil(t);
  const int64_t nanos = t.seconds * 1000000000 + t.nanos;
  if (name == "Year") return GoValue::of_int(c.year);
  if (name == "Month") return GoValue::of_int(c.month, "time.Month");
  if (name == "Day") return GoValue::of_int(c.day);
  if (name == "Hour") return GoValue::of_int(c.hour);
  if (name == "Minute") return GoValue::of_int(c.minute);
  if (name == "Second") return GoValue::of_int(c.second);
  if (name == "Nanosecond") return GoValue::of_int(t.nanos);
  if (name == "YearDay") return GoValue::of_int(c.yday);
  if (name == "Weekday") return GoValue::of_int(c.weekday, "time.Weekday");
  if (name == "Unix") return GoValue::of_int(t.seconds, "int64");
  if (name == "UnixMilli") return GoValue::of_int(nanos / 1000000, "int64");
  if (name == "UnixMicro") return GoValue::of_int(nanos / 1000, "int64");
  if (name == "UnixNano") return GoValue::of_int(nanos, "int64");
  if (name == "UTC") return GoValue::of_time(time_utc(t), false);
  if (name == "Local") return GoValue::of_time(time_local(t), false);
  if (name == "String") return GoValue::of_string(time_string(t));
  if (name == "IsZero") return GoValue::of_bool(t.seconds == -62135596800 && t.nanos == 0);
  // Format
  const GoValue& layout = args[0];
  if (layout.kind != Kind::string || layout.type != "string") {
    throw ArgError("wrong type for value; expected string; got " + layout.type);
  }
  return GoValue::of_string(time_format(t, layout.text));
}

}  // namespace

bool has_method(const GoValue& recv, std::string_view name) {
  if (recv.kind == Kind::time) return contains(kTimeMethods, name);
  if (recv.type == "time.Month" || recv.type == "time.Weekday") return name == "String";
  if (recv.type == "digest.Digest") return contains(kDigestMethods, name);
  return false;
}

GoValue call_method(const GoValue& recv, std::string_view name, const std::vector<GoValue>& args) {
  if (recv.kind == Kind::time) return time_method(recv, name, args);
  want_args(name, args, 0);
  if (recv.type == "time.Month") return GoValue::of_string(month_name(recv.integer));
  if (recv.type == "time.Weekday") return GoValue::of_string(weekday_name(recv.integer));
  // digest.Digest is "algorithm:encoded"; Hex is the deprecated name of Encoded.
  const size_t colon = recv.text.find(':');
  if (name == "Algorithm") {
    return GoValue::of_string(recv.text.substr(0, colon), "digest.Algorithm");
  }
  if (name == "Encoded" || name == "Hex") {
    return GoValue::of_string(colon == std::string::npos ? "" : recv.text.substr(colon + 1));
  }
  return GoValue::of_string(recv.text);
}

}  // namespace ferry::gotmpl
