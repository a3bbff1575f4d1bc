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

// Two locks: state_ guards the rows, draw_ the terminal and what was drawn
// last. blob_read() takes only state_, so a terminal that stalls (Ctrl-S, a
// slow link) holds up redraws but never the bytes being copied.
class BarView final : public ProgressView {
 public:
  BarView(std::ostream& out, int fd)
      : out_(out), fd_(fd), ticker_(std::chrono::milliseconds(200), [this] { tick(); }) {}
  ~BarView() override {
    std::lock_guard draw(draw_);
    draw_locked();  // the last state stays on screen, also when the copy failed
  }

  void step(std::string_view line) override {
    std::lock_guard draw(draw_);
    end_block_locked();
    out_ << line << '\n' << std::flush;
  }
  void blob_started(uint64_t id, const Descriptor& blob, bool is_config) override {
    std::lock_guard draw(draw_);
    if (is_config) end_block_locked();  // skopeo draws the config's bar below the layers', apart
    {
      std::lock_guard state(state_);
      Blob& b = blobs_[id];
      b.row.label = bar_label(blob, is_config);
      b.row.total = blob.size;
      b.started = Clock::now();
      block_.push_back(id);
    }
    draw_locked();
  }
  void blob_read(uint64_t id, uint64_t bytes) override {
    std::lock_guard state(state_);
    auto it = blobs_.find(id);
    if (it == blobs_.end()) return;
    it->second.row.read = bytes;
    changed_ = true;
  }
  void blob_finished(uint64_t id, BlobEnd end) override {
    std::lock_guard draw(draw_);
    {
      std::lock_guard state(state_);
      auto it = blobs_.find(id);
      if (it == blobs_.end()) return;
      it->second.row.end = end;
    }
    draw_locked();
  }

 private:
  struct Blob {
    BarRow row;
    Clock::time_point started;
  };

  void tick() {
    std::lock_guard draw(draw_);
    {
      std::lock_guard state(state_);
      if (!changed_) return;
    }
    draw_locked();
  }

  // The rows drawn so far stay as they are; the next ones start below them. With draw_ held.
  void end_block_locked() {
    if (drawn_ > 0) draw_locked();
    std::lock_guard state(state_);
    for (uint64_t id : block_) blobs_.erase(id);
    block_.clear();
    drawn_ = 0;
  }

  winsize size() const {
    winsize size{};
    if (::ioctl(fd_, TIOCGWINSZ, &size) != 0) size = {};
    if (size.ws_col == 0) size.ws_col = 80;
    return size;
  }

  // Redraws the block over the last frame. With draw_ held.
  void draw_locked() {
    const winsize terminal = size();
    const auto now = Clock::now();
    std::string frame;
    if (drawn_ > 0) frame += "\x1b[" + std::to_string(drawn_) + "A\x1b[J";
    size_t rows = 0;
    {
      std::lock_guard state(state_);
      for (uint64_t id : block_) {
        Blob& b = blobs_[id];
        b.row.seconds = std::chrono::duration<double>(now - b.started).count();
        frame += render_bar_row(b.row, terminal.ws_col) + '\n';
      }
      // The cursor cannot move above the screen's top: finished rows at the
      // head of a block taller than the terminal are left where they are and
      // not drawn again.
      const size_t fits = terminal.ws_row > 1 ? terminal.ws_row - 1u : block_.size();
      while (block_.size() > fits && blobs_[block_.front()].row.end) {
        blobs_.erase(block_.front());
        block_.erase(block_.begin());
      }
      rows = block_.size();
      changed_ = false;
    }
    out_ << frame << std::flush;
    drawn_ = rows;
  }

  std::ostream& out_;
  const int fd_;
  std::mutex draw_, state_;  // draw_ first when both are taken
  std::map<uint64_t, Blob> blobs_;
  std::vector<uint64_t> block_;  // the rows on screen, in the order their blobs started
  size_t drawn_ = 0;             // lines of the last frame that the next one draws over
  bool changed_ = false;
  Ticker ticker_;  // last: its thread uses the members above
};

}  // namespace

std::unique_ptr<ProgressView> make_bar_view(std::ostream& out, int fd) {
  return std::make_unique<BarView>(out, fd);
}

}  // namespace ferry::cli
