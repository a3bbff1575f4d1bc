// What every fuzz target shares: the input as text, and the rule for parsers
// of outside input: they may refuse it only with ferry's own errors (one line
// for a person). Any other exception escaping — a library's, std::out_of_range
// — is a finding; libFuzzer reports it as a crash.
#pragma once

#include <ferry/core/error.hpp>
#include <ferry/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ferry::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `f`; false when it refused the input with ferry's error type (the
// core's ferry::Error is the SDK's sdk::Error, so this covers plugins too).
template <class F>
bool accepted(F&& f) {
  try {
    f();
    return true;
  } catch (const ferry::sdk::Error&) {
  }
  return false;
}

// A broken invariant: abort, so libFuzzer keeps the input.
[[noreturn]] inline void broken(const char* what) {
  __builtin_printf("invariant broken: %s\n", what);
  __builtin_trap();
}

}  // namespace ferry::fuzz
