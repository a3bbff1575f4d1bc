#include "json_body.hpp"

#include <ferry/json_input/error.hpp>

namespace ferry::plugins::docker {

std::string read_json_body(HttpResponse& resp, const json_input::Limits& limits,
                           const std::string& document) {
  const int64_t declared = resp.content_length();
  if (declared > 0 && static_cast<uint64_t>(declared) > limits.max_bytes)
    throw json_input::too_large(document, limits);
  std::string out;
  if (declared > 0) out.reserve(static_cast<size_t>(declared));
  char buf[16384];
  for (size_t n; (n = resp.read(buf, sizeof buf)) > 0;) {
    if (out.size() + n > limits.max_bytes) throw json_input::too_large(document, limits);
    out.append(buf, n);
  }
  return out;
}

}  // namespace ferry::plugins::docker
