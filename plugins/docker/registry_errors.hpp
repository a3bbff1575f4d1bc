// A registry's error answer as a ferry error: the status picks the code
// (404 not found, 401/403 unauthorized, 429/5xx retryable), the body's
// errcode messages ("manifest unknown") make the text.
#pragma once

#include <ferry/plugin.hpp>

#include <string>

namespace ferry::plugins::docker {

// `what` says what was being done: "reading manifest latest in 127.0.0.1:5000/foo".
sdk::Error registry_error(const std::string& what, int status, const std::string& reason,
                          const std::string& body);

// The first errcode code of an error body ("MANIFEST_INVALID"), or "".
std::string error_code(const std::string& body);

}  // namespace ferry::plugins::docker
