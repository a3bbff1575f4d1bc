// Calls a function every interval on a thread of its own until destroyed:
// progress displays redraw from it, so the copying threads only count bytes.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace ferry::cli {

class Ticker {
 public:
  // An interval under 10 ms is taken as 10 ms: a tick costs a redraw.
  Ticker(std::chrono::milliseconds interval, std::function<void()> tick)
      : thread_([this, interval = std::max(interval, std::chrono::milliseconds(10)),
                 tick = std::move(tick)](std::stop_token stop) {
          std::unique_lock lock(mutex_);
          for (;;) {
            wake_.wait_for(lock, stop, interval, [] { return false; });  // a stop request ends the wait
            if (stop.stop_requested()) return;
            lock.unlock();
            tick();
            lock.lock();
          }
        }) {}
  // Stops and joins before the members the tick function uses go away.
  ~Ticker() {
    thread_.request_stop();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: it uses the members above
};

}  // namespace ferry::cli
