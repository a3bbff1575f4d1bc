// The few pieces of Go's encoding/json and fmt that the proxy's replies
// show: skopeo's peers compare protocol replies, so ferry writes them the way
// skopeo's Go code does.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace ferry::cli::image_proxy {

// json.Marshal: compact, members in the given order, strings HTML-escaped
// (<, >, & as \u003c, \u003e, \u0026), U+2028/U+2029 escaped, invalid UTF-8
// replaced by U+FFFD.
std::string go_marshal(const nlohmann::ordered_json& value);

// What fmt's %T prints for a value decoded into interface{}: "float64",
// "string", "bool", "<nil>", "[]interface {}", "map[string]interface {}".
std::string go_type_name(const nlohmann::json& value);

// A JSON number as Go holds it in interface{}: a float64.
double go_float(const nlohmann::json& number);

// uint32(f) and uint64(f) as Go compiles them on amd64: truncation through a
// signed 64-bit conversion, so -1 becomes 4294967295 and values out of range
// wrap the way the hardware does.
uint32_t go_uint32(double f);
uint64_t go_uint64(double f);

// fmt's %f: six decimals, exact expansion.
std::string go_format_f(double f);

}  // namespace ferry::cli::image_proxy
