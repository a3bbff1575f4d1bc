// The core's door to json_input: the same limits and messages, with errors
// thrown as ferry::Error.
#pragma once

#include <ferry/core/error.hpp>
#include <ferry/json_input/parse.hpp>

namespace ferry {

template <class Json = nlohmann::json>
Json parse_json_input(std::string_view text, const json_input::Limits& limits, const std::string& document) {
  try {
    return json_input::parse<Json>(text, limits, document);
  } catch (const json_input::Error& e) {
    throw Error(e.code(), e.what());
  }
}

// Runs `read` (field accesses through json_input::Fields), turning its
// errors into ferry::Error.
template <class F>
auto read_fields(F&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const json_input::Error& e) {
    throw Error(e.code(), e.what());
  }
}

}  // namespace ferry
