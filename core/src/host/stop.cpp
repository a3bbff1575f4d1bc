#include <ferry/core/stop.hpp>

#include <atomic>

namespace ferry {
namespace {

// Lock-free, so that a signal handler may store into it.
std::atomic<int> requested{static_cast<int>(StopReason::none)};
static_assert(std::atomic<int>::is_always_lock_free);

}  // namespace

void request_stop(StopReason reason) noexcept {
  int none = static_cast<int>(StopReason::none);
  requested.compare_exchange_strong(none, static_cast<int>(reason));
}

StopReason stop_requested() noexcept { return static_cast<StopReason>(requested.load()); }

}  // namespace ferry
