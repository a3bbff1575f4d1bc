#include "copy/prefetch_reader.hpp"

#include <cstring>

namespace ferry {

PrefetchReader::PrefetchReader(ByteReader& in, size_t buffer_size, size_t depth)
    : in_(in), buffer_size_(buffer_size), depth_(depth) {
  producer_ = std::thread([this] { produce(); });
}

PrefetchReader::~PrefetchReader() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  producer_.join();
}

void PrefetchReader::produce() {
  for (;;) {
    std::vector<char> buf;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || ready_.size() < depth_; });
      if (stopping_) return;
      if (!spare_.empty()) {
        buf = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    buf.resize(buffer_size_);
    // Fill the buffer, so the consumer's writes are large ones. What came
    // before a failure is still delivered, then the failure.
    size_t filled = 0;
    std::exception_ptr error;
    try {
      for (size_t n; filled < buf.size() && (n = in_.read(buf.data() + filled, buf.size() - filled)) > 0;)
        filled += n;
    } catch (...) {
      error = std::current_exception();
    }
    buf.resize(filled);
    std::lock_guard lock(mutex_);
    if (filled > 0) ready_.push_back(std::move(buf));
    if (error)
      error_ = error;
    else if (filled == 0)
      ended_ = true;
    changed_.notify_all();
    if (error_ || ended_) return;
  }
}

size_t PrefetchReader::read(void* out, size_t cap) {
  if (current_pos_ == current_.size()) {
    std::unique_lock lock(mutex_);
    if (!current_.empty()) spare_.push_back(std::move(current_));
    current_.clear();
    current_pos_ = 0;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !ready_.empty() || ended_ || error_; });
    if (ready_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return 0;
    }
    current_ = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
  }
  size_t n = std::min(cap, current_.size() - current_pos_);
  std::memcpy(out, current_.data() + current_pos_, n);
  current_pos_ += n;
  return n;
}

}  // namespace ferry
