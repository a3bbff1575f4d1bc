// skopeo's lines for output that is not a terminal, and, for a blob still
// being copied after `every`, one line of how far it got, repeated each
// `every`: a long push no longer looks stuck in a log.
#include "progress/byte_units.hpp"
#include "progress/line_view.hpp"
#include "progress/ticker.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <string>

namespace ferry::cli {
namespace {

using Clock = std::chrono::steady_clock;

class LineView final : public ProgressView {
 public:
  LineView(std::ostream& out, std::chrono::milliseconds every)
      : lines_(out),
        every_(every),
        ticker_(std::min(every, std::chrono::milliseconds(1000)), [this] { tick(); }) {}

  void step(std::string_view line) override {
    std::lock_guard lock(mutex_);
    blobs_.clear();  // no blob is in flight at a step; a failed attempt's are gone
    lines_.step(line);
  }
  void blob_started(uint64_t id, const Descriptor& blob, bool is_config) override {
    lines_.blob_started(id, blob, is_config);
    std::lock_guard lock(mutex_);
    Blob& b = blobs_[id];
    b.label = std::string(is_config ? "Copying config " : "Copying blob ") + blob.digest.str();
    b.total = blob.size;
    b.started = b.last_line = Clock::now();
  }
  void blob_read(uint64_t id, uint64_t bytes) override {
    std::lock_guard lock(mutex_);
    if (auto it = blobs_.find(id); it != blobs_.end()) it->second.read = bytes;
  }
  void blob_finished(uint64_t id, BlobEnd) override {
    std::lock_guard lock(mutex_);
    blobs_.erase(id);
  }

 private:
  struct Blob {
    std::string label;
    int64_t total = -1;
    uint64_t read = 0;
    Clock::time_point started, last_line;
  };

  // Writes under mutex_, so that no line about a blob follows its end.
  void tick() {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    for (auto& [id, b] : blobs_) {
      if (now - b.last_line < every_) continue;
      b.last_line = now;
      const double seconds = std::chrono::duration<double>(now - b.started).count();
      std::string counts = byte_size(b.read);
      if (b.total >= 0) counts += " / " + byte_size(static_cast<uint64_t>(b.total));
      lines_.step(b.label + ": " + counts + " (" + byte_rate(static_cast<double>(b.read) / seconds) + ")");
    }
  }

  LineProgress lines_;
  const std::chrono::milliseconds every_;
  std::mutex mutex_;
  std::map<uint64_t, Blob> blobs_;
  Ticker ticker_;  // last: its thread uses the members above
};

}  // namespace

std::unique_ptr<ProgressView> make_line_view(std::ostream& out, std::chrono::milliseconds every) {
  return std::make_unique<LineView>(out, every);
}

}  // namespace ferry::cli
