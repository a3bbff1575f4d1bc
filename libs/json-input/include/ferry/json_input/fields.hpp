// Reading the members of a parsed JSON object with the types a Go struct
// would demand. JSON null reads as absent, as Go decodes it. A member of
// another type is a json_input::Error naming the document and the member:
//   the token reply from quay.io: "token" is a number, not a string
//   the image config of …: "config.Labels" is an array, not a map of strings
#pragma once

#include "ferry/json_input/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::json_input {

// "a number", "an array", … as the errors say it.
const char* kind_of(nlohmann::json::value_t type);

// "<document>: "<path>" is <kind_of(actual)>, not <expected>", or without the
// path: "<document> is <kind_of(actual)>, not <expected>".
[[noreturn]] void wrong_type(const std::string& document, const std::string& path, const char* expected,
                             nlohmann::json::value_t actual);

template <class Json>
class Fields {
 public:
  // `value` must be an object; `path` is where it sits in the document ("config").
  Fields(const Json& value, std::string document, std::string path = {})
      : object_(value), document_(std::move(document)), path_(std::move(path)) {
    if (!value.is_object()) wrong_type(document_, path_, "an object", value.type());
  }

  // The member, or nullptr when it is absent or null.
  const Json* find(const std::string& key) const {
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  std::optional<std::string> string(const std::string& key) const {
    const Json* v = checked(key, &Json::is_string, "a string");
    return v ? std::optional<std::string>(v->template get<std::string>()) : std::nullopt;
  }

  std::optional<int64_t> integer(const std::string& key) const {
    const Json* v = checked(key, &Json::is_number_integer, "an integer");
    if (v && v->is_number_unsigned() && v->template get<uint64_t>() > uint64_t(INT64_MAX))
      wrong_type(document_, path_of(key), "a 64-bit integer", v->type());
    return v ? std::optional<int64_t>(v->template get<int64_t>()) : std::nullopt;
  }

  std::optional<bool> boolean(const std::string& key) const {
    const Json* v = checked(key, &Json::is_boolean, "true or false");
    return v ? std::optional<bool>(v->template get<bool>()) : std::nullopt;
  }

  // Members that must be an object or an array; nullptr when absent or null.
  const Json* object(const std::string& key) const { return checked(key, &Json::is_object, "an object"); }
  const Json* array(const std::string& key) const { return checked(key, &Json::is_array, "an array"); }

  // The object member, read with the same document name and a longer path.
  std::optional<Fields> fields(const std::string& key) const {
    const Json* v = object(key);
    return v ? std::optional<Fields>(Fields(*v, document_, path_of(key))) : std::nullopt;
  }

  // []string
  std::optional<std::vector<std::string>> strings(const std::string& key) const {
    const Json* v = array(key);
    if (!v) return std::nullopt;
    std::vector<std::string> out;
    out.reserve(v->size());
    for (size_t i = 0; i < v->size(); ++i) {
      const Json& item = (*v)[i];
      if (!item.is_string())
        wrong_type(document_, path_of(key) + "[" + std::to_string(i) + "]", "a string", item.type());
      out.push_back(item.template get<std::string>());
    }
    return out;
  }

  // map[string]string
  std::optional<std::map<std::string, std::string>> string_map(const std::string& key) const {
    const Json* v = checked(key, &Json::is_object, "a map of strings");
    if (!v) return std::nullopt;
    std::map<std::string, std::string> out;
    for (const auto& [k, item] : v->items()) {
      if (!item.is_string()) wrong_type(document_, path_of(key) + "." + k, "a string", item.type());
      out[k] = item.template get<std::string>();
    }
    return out;
  }

  const std::string& document() const { return document_; }
  std::string path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  const Json* checked(const std::string& key, bool (Json::*is)() const noexcept, const char* expected) const {
    const Json* v = find(key);
    if (v && !(v->*is)()) wrong_type(document_, path_of(key), expected, v->type());
    return v;
  }

  const Json& object_;
  std::string document_;
  std::string path_;
};

}  // namespace ferry::json_input
