// A registry response body that holds a JSON document (a manifest, a token
// reply, a tag list page, an error), read whole up to the limit for its kind.
#pragma once

#include "http_client.hpp"

#include <ferry/json_input/limits.hpp>

#include <string>

namespace ferry::plugins::docker {

// `document` names it in errors: "the token reply from auth.example". Beyond
// the limit, throws json_input's FERRY_E_INVALID_ARGUMENT naming the limit's
// purpose, before reading the rest; NetworkError when the connection breaks.
std::string read_json_body(HttpResponse& resp, const json_input::Limits& limits, const std::string& document);

}  // namespace ferry::plugins::docker
