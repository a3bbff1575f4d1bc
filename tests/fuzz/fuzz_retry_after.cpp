// Retry-After (plugins/docker retry_policy): how long a registry asks ferry
// to wait, in seconds or as an HTTP date. The wait is capped at a minute.
#include "fuzz_input.hpp"

#include "retry_policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string header(ferry::fuzz::as_text(data, size));
  for (int attempt : {0, 4, 100}) {
    std::chrono::milliseconds wait{};
    if (!ferry::fuzz::accepted([&] { wait = ferry::plugins::docker::retry_delay(attempt, header); }))
      continue;
    if (wait < std::chrono::milliseconds(0) || wait > std::chrono::seconds(60))
      ferry::fuzz::broken("a retry delay outside [0, 60 s]");
  }
  return 0;
}
