// Reading the Docker engine's answers: its error bodies, and the verdict of
// docker load (which may refuse an image in a 200 response).
#pragma once

#include "http_exchange.hpp"

#include <ferry/plugin.hpp>

#include <string>

namespace ferry::plugins::docker_daemon {

// The daemon's {"message": "..."} error body, or the body itself.
std::string error_message(const std::string& body);

// The ferry status for an HTTP error status.
ferry_status status_code(int http);

// Throws, with the daemon's message, when the answer to POST /images/load
// says the image was not loaded.
void check_load_answer(const HttpResponse& r, const std::string& body, const std::string& daemon_label);

}  // namespace ferry::plugins::docker_daemon
