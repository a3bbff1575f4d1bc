#include "image_proxy/go_json.hpp"

#include <cmath>
#include <cstdio>

namespace ferry::cli::image_proxy {
std::string go_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "<nil>";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "bool";
    case nlohmann::json::value_t::array:
      return "[]interface {}";
    case nlohmann::json::value_t::object:
      return "map[string]interface {}";
    default:
      return "float64";
  }
}

double go_float(const nlohmann::json& number) {
  if (number.is_number_unsigned()) return static_cast<double>(number.get<uint64_t>());
  if (number.is_number_integer()) return static_cast<double>(number.get<int64_t>());
  return number.get<double>();
}

uint64_t go_uint64(double f) {
  // CVTTSD2SQ: out of int64 range (or NaN) gives 0x8000000000000000.
  if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0)) return uint64_t(1) << 63;
  return static_cast<uint64_t>(static_cast<int64_t>(f));
}

uint32_t go_uint32(double f) { return static_cast<uint32_t>(go_uint64(f)); }

std::string go_format_f(double f) {
  int n = std::snprintf(nullptr, 0, "%f", f);
  std::string out(static_cast<size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), "%f", f);
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace ferry::cli::image_proxy
