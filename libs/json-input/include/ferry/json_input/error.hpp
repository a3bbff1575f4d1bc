// Input that ferry refuses: FERRY_E_INVALID_ARGUMENT with one line that names
// the document. It is an sdk::Error, so a plugin's entry guard passes code and
// message through unchanged; the core rethrows it as a ferry::Error.
#pragma once

#include "ferry/json_input/limits.hpp"

#include <ferry/plugin.hpp>

#include <string>

namespace ferry::json_input {

class Error : public sdk::Error {
 public:
  explicit Error(const std::string& message) : sdk::Error(FERRY_E_INVALID_ARGUMENT, message) {}
};

// "1 MiB", "64 KiB", "1500 bytes".
std::string size_text(size_t bytes);

// "<document> is larger than 1 MiB, the limit for token replies".
Error too_large(const std::string& document, const Limits& limits);

}  // namespace ferry::json_input
