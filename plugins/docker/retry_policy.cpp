#include "retry_policy.hpp"

#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <optional>
#include <thread>

namespace ferry::plugins::docker {

namespace {

constexpr std::chrono::milliseconds cap = std::chrono::seconds(60);

// Retry-After as a number of seconds (digits, spaces around them allowed),
// capped; nullopt when it is not one. Any number of digits reads: a registry
// asking for more than the cap gets the cap.
std::optional<std::chrono::milliseconds> delay_seconds(const std::string& text) {
  const size_t first = text.find_first_not_of(' ');
  if (first == std::string::npos) return std::nullopt;
  const size_t last = text.find_last_not_of(' ');
  std::chrono::milliseconds delay{0};
  for (size_t i = first; i <= last; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    delay = std::min(delay * 10 + std::chrono::seconds(text[i] - '0'), cap);
  }
  return delay;
}

}  // namespace

bool retryable_status(int status) { return status == 429 || status == 502 || status == 503 || status == 504; }

std::chrono::milliseconds retry_delay(int attempt, const std::string& retry_after) {
  using namespace std::chrono;
  if (!retry_after.empty()) {
    if (auto delay = delay_seconds(retry_after)) return *delay;
    try {  // an HTTP date
      int tzd = 0;
      Poco::DateTime when = Poco::DateTimeParser::parse(retry_after, tzd);
      auto wait = (when.timestamp() - Poco::Timestamp()) / 1000;
      return std::clamp<milliseconds>(milliseconds(wait), milliseconds(0), cap);
    } catch (const std::exception&) {
    }
  }
  return std::min<milliseconds>(seconds(1) * (1 << std::min(attempt, 5)), cap);
}

void pause(std::chrono::milliseconds delay, const sdk::Context& ctx) {
  auto end = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < end) {
    if (ctx.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, "cancelled while waiting to retry");
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
        std::chrono::milliseconds(100),
        std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now())));
  }
}

}  // namespace ferry::plugins::docker
