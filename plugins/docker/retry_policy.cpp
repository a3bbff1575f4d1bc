#include "retry_policy.hpp"

#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <thread>

namespace ferry::plugins::docker {

bool retryable_status(int status) { return status == 429 || status == 502 || status == 503 || status == 504; }

std::chrono::milliseconds retry_delay(int attempt, const std::string& retry_after) {
  using namespace std::chrono;
  constexpr milliseconds cap = seconds(60);
  if (!retry_after.empty()) {
    if (retry_after.find_first_not_of("0123456789 ") == std::string::npos)
      return std::min<milliseconds>(seconds(std::stoll(retry_after)), cap);
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
