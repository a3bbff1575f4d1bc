#include "ferry/json_input/error.hpp"

namespace ferry::json_input {

std::string size_text(size_t bytes) {
  if (bytes >= limits::MiB && bytes % limits::MiB == 0) return std::to_string(bytes / limits::MiB) + " MiB";
  if (bytes >= limits::KiB && bytes % limits::KiB == 0) return std::to_string(bytes / limits::KiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Error too_large(const std::string& document, const Limits& limits) {
  return Error(document + " is larger than " + size_text(limits.max_bytes) + ", the limit for " +
               limits.purpose);
}

}  // namespace ferry::json_input
