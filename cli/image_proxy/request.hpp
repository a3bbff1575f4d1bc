// A request packet: {"method": NAME, "args": [...]}, decoded the way skopeo's
// encoding/json decodes it into its request struct (member names matched
// without regard to case, null members left empty, the first type mismatch
// reported in Go's words).
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace ferry::cli::image_proxy {

struct Request {
  std::string method;
  nlohmann::json args = nlohmann::json::array();
};

// Thrown for a packet that is not a request; what() is the reply's error text,
// "invalid request: ...".
struct InvalidRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Request parse_request(std::string_view packet);

}  // namespace ferry::cli::image_proxy
