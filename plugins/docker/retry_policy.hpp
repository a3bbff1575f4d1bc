// When and how long to wait before sending a request again: 429 (honouring
// Retry-After), 502/503/504 and broken connections are transient; 401, 403
// and 404 never are.
#pragma once

#include <ferry/plugin.hpp>

#include <chrono>
#include <string>

namespace ferry::plugins::docker {

constexpr int max_attempts = 5;  // per request, the first one included

bool retryable_status(int status);

// The pause before attempt number `attempt` + 1 (attempt counts from 0):
// Retry-After when the server gave one (capped at a minute), else exponential
// back-off from 1 s.
std::chrono::milliseconds retry_delay(int attempt, const std::string& retry_after);

// Sleeps, waking early to throw FERRY_E_CANCELLED when the host cancels.
void pause(std::chrono::milliseconds delay, const sdk::Context& ctx);

}  // namespace ferry::plugins::docker
