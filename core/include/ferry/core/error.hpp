// The core's error type: a ferry status code and a message for a person.
#pragma once

#include <ferry/plugin.h>

#include <stdexcept>
#include <string>

namespace ferry {

class Error : public std::runtime_error {
 public:
  Error(ferry_status code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ferry_status code() const noexcept { return code_; }

 private:
  ferry_status code_;
};

[[noreturn]] inline void fail(ferry_status code, const std::string& message) {
  throw Error(code, message);
}

}  // namespace ferry
