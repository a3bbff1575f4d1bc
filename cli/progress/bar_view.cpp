// Bars on a terminal, redrawn in place: the rows of the blobs copied since the
// last step are drawn again below the cursor after moving it up over them
// (ESC[nA, then ESC[J to clear), as skopeo's bars are.
#include "progress/bar_row.hpp"
#include "progress/bar_view.hpp"
#include "progress/ticker.hpp"

#include <sys/ioctl.h>

#include <chrono>
#include <map>
#include <mutex>
#include <vector>

namespace ferry::cli {
namespace {

using Clock = std::chrono::steady_clock;

class BarView final : public ProgressView {
 public:
  BarView(std::ostream& out, int fd)
      : out_(out), fd_(fd), ticker_(std::chrono::milliseconds(200), [this] { tick(); }) {}
  ~BarView() override {
    std::lock_guard lock(mutex_);
    draw();  // the last state stays on screen, also when the copy failed
  }

  void step(std::string_view line) override {
    std::lock_guard lock(mutex_);
    end_block();
    out_ << line << '\n' << std::flush;
  }
  void blob_started(uint64_t id, const Descriptor& blob, bool is_config) override {
    std::lock_guard lock(mutex_);
    if (is_config) end_block();  // skopeo draws the config's bar below the layers', apart
    Blob& b = blobs_[id];
    b.row.label = bar_label(blob, is_config);
    b.row.total = blob.size;
    b.started = Clock::now();
    block_.push_back(id);
    draw();
  }
  void blob_read(uint64_t id, uint64_t bytes) override {
    std::lock_guard lock(mutex_);
    auto it = blobs_.find(id);
    if (it == blobs_.end()) return;
    it->second.row.read = bytes;
    changed_ = true;
  }
  void blob_finished(uint64_t id, BlobEnd end) override {
    std::lock_guard lock(mutex_);
    auto it = blobs_.find(id);
    if (it == blobs_.end()) return;
    it->second.row.end = end;
    draw();
  }

 private:
  struct Blob {
    BarRow row;
    Clock::time_point started;
  };

  // The rows drawn so far stay as they are; the next ones start below them. With mutex_ held.
  void end_block() {
    if (!block_.empty()) draw();
    for (uint64_t id : block_) blobs_.erase(id);
    block_.clear();
    drawn_ = 0;
  }

  void tick() {
    std::lock_guard lock(mutex_);
    if (changed_) draw();
  }

  size_t columns() const {
    winsize size{};
    if (::ioctl(fd_, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
  }

  // Called with mutex_ held.
  void draw() {
    const size_t width = columns();
    const auto now = Clock::now();
    std::string frame;
    if (drawn_ > 0) frame += "\x1b[" + std::to_string(drawn_) + "A\x1b[J";
    for (uint64_t id : block_) {
      Blob& b = blobs_[id];
      b.row.seconds = std::chrono::duration<double>(now - b.started).count();
      frame += render_bar_row(b.row, width) + '\n';
    }
    out_ << frame << std::flush;
    drawn_ = block_.size();
    changed_ = false;
  }

  std::ostream& out_;
  const int fd_;
  std::mutex mutex_;
  std::map<uint64_t, Blob> blobs_;
  std::vector<uint64_t> block_;  // the rows on screen, in the order their blobs started
  size_t drawn_ = 0;             // lines of the last frame
  bool changed_ = false;
  Ticker ticker_;  // last: its thread uses the members above
};

}  // namespace

std::unique_ptr<ProgressView> make_bar_view(std::ostream& out, int fd) {
  return std::make_unique<BarView>(out, fd);
}

}  // namespace ferry::cli
