// Private to the core: Go's fmt package, as far as templates print values.
#pragma once

#include "inspect/go_template.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::gotmpl {

// What an action {{...}} writes for its value: fmt.Fprint after text/template
// dereferences pointers and turns no value into "<no value>".
std::string action_text(const GoValue& v);

// fmt.Sprint, fmt.Sprintln and fmt.Sprintf over template values.
std::string sprint(const std::vector<GoValue>& args);
std::string sprintln(const std::vector<GoValue>& args);
std::string sprintf(std::string_view format, const std::vector<GoValue>& args);

// The result of the value's String method, for the types that have one.
std::optional<std::string> stringer(const GoValue& v);

// strconv.Quote.
std::string go_quote(std::string_view s);

}  // namespace ferry::gotmpl
