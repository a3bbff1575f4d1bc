#include "image_proxy/request.hpp"

#include "image_proxy/message_socket.hpp"

#include <ferry/json_input/parse.hpp>

#include <strings.h>

#include <optional>

namespace ferry::cli::image_proxy {
namespace {

constexpr json_input::Limits request_limits{"proxy requests", max_message_size,
                                            json_input::limits::max_depth};

// Go's name for a JSON value's kind in UnmarshalTypeError.
const char* go_kind(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "bool";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::object:
      return "object";
    default:
      return "number";
  }
}

bool same_name(const std::string& key, const char* field) { return strcasecmp(key.c_str(), field) == 0; }

}  // namespace

Request parse_request(std::string_view packet) {
  nlohmann::json doc;
  try {
    doc = json_input::parse<nlohmann::json>(packet, request_limits, "the request");
  } catch (const json_input::Error& e) {
    throw InvalidRequest(std::string("invalid request: ") + e.what());
  }
  Request req;
  if (doc.is_null()) return req;
  if (!doc.is_object())
    throw InvalidRequest(std::string("invalid request: json: cannot unmarshal ") + go_kind(doc) +
                         " into Go value of type main.request");
  std::optional<std::string> type_error;  // Go keeps decoding and reports the first
  for (const auto& [key, value] : doc.items()) {
    if (value.is_null()) continue;
    if (same_name(key, "method")) {
      if (value.is_string())
        req.method = value.get<std::string>();
      else if (!type_error)
        type_error = std::string("json: cannot unmarshal ") + go_kind(value) +
                     " into Go struct field request.method of type string";
    } else if (same_name(key, "args")) {
      if (value.is_array())
        req.args = value;
      else if (!type_error)
        type_error = std::string("json: cannot unmarshal ") + go_kind(value) +
                     " into Go struct field request.args of type []interface {}";
    }
  }
  if (type_error) throw InvalidRequest("invalid request: " + *type_error);
  return req;
}

}  // namespace ferry::cli::image_proxy
