// The one error type of ferry's C++ code: a ferry status code and a message for
// a person. Core, libraries and plugins share the SDK's, so an error thrown by
// a library linked into both (a JSON limit, a bad reference) needs no
// translation on its way to the command line; only the ABI boundary turns it
// into a ferry_status and back.
#pragma once

#include <ferry/plugin.hpp>

#include <cctype>
#include <cstring>
#include <string>

namespace ferry {

using Error = sdk::Error;

[[noreturn]] inline void fail(ferry_status code, const std::string& message) { throw Error(code, message); }

// A system error as Go spells it ("no such file or directory"): scripts match
// skopeo's texts.
inline std::string go_errno_text(int err) {
  std::string text = std::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace ferry
