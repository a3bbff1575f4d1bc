// The pieces of Go's fmt and number conversions that the proxy's replies show
// (JSON itself is ferry/go_json): skopeo's peers compare protocol replies, so
// ferry writes them the way skopeo's Go code does.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace ferry::cli::image_proxy {

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
