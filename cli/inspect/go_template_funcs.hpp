// Private to the core: the functions and methods a template can call.
#pragma once

#include "inspect/go_template.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::gotmpl {

// A call failed while running: the executor reports it as
// "error calling NAME: <what>", as Go does for an error a function returns.
struct CallError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The arguments do not fit the function: reported as is ("wrong number of
// args for upper: want 1 got 0").
struct ArgError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Go's truth: false, 0, nil, and empty strings, slices and maps are false.
bool is_true(const GoValue& v);

// Whether `name` is a function templates may call (checked at parse time).
bool is_function(std::string_view name);

// Calls a function other than `and` and `or`, which the executor
// short-circuits itself.
GoValue call_function(std::string_view name, const std::vector<GoValue>& args);

// Whether the value's Go type has the method `name`, and calling it.
bool has_method(const GoValue& receiver, std::string_view name);
GoValue call_method(const GoValue& receiver, std::string_view name, const std::vector<GoValue>& args);

}  // namespace ferry::gotmpl
