#include "ferry/json_input/fields.hpp"

namespace ferry::json_input {

const char* kind_of(nlohmann::json::value_t type) {
  using T = nlohmann::json::value_t;
  switch (type) {
    case T::null:
      return "null";
    case T::object:
      return "an object";
    case T::array:
      return "an array";
    case T::string:
      return "a string";
    case T::boolean:
      return "true or false";
    case T::number_integer:
    case T::number_unsigned:
    case T::number_float:
      return "a number";
    case T::binary:
      return "binary data";
    case T::discarded:
      break;
  }
  return "not a JSON value";
}

namespace {

// A member name from the document, fit for one line of an error.
std::string printable(const std::string& path) {
  size_t keep = path.size();
  if (keep > 120) {
    keep = 120;
    while (keep > 0 && (static_cast<unsigned char>(path[keep]) & 0xC0) == 0x80) --keep;  // whole characters
  }
  std::string out = path.substr(0, keep) + (keep < path.size() ? "…" : "");
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

}  // namespace

void wrong_type(const std::string& document, const std::string& path, const char* expected,
                nlohmann::json::value_t actual) {
  std::string what = path.empty() ? document + " is " : document + ": \"" + printable(path) + "\" is ";
  throw Error(what + kind_of(actual) + ", not " + expected);
}

}  // namespace ferry::json_input
