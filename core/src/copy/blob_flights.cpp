#include "copy/blob_flights.hpp"

#include <condition_variable>
#include <mutex>
#include <set>

namespace ferry {
namespace {

std::mutex mutex;
std::condition_variable landed;
std::set<std::string> in_flight;

}  // namespace

BlobFlight::BlobFlight(std::string key) : key_(std::move(key)) {
  std::unique_lock lock(mutex);
  landed.wait(lock, [&] { return !in_flight.count(key_); });
  in_flight.insert(key_);
}

BlobFlight::~BlobFlight() {
  {
    std::lock_guard lock(mutex);
    in_flight.erase(key_);
  }
  landed.notify_all();
}

}  // namespace ferry
