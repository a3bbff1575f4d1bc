// A reader that runs the stages before it (source, digest check, gunzip, ...)
// on a thread of its own, a few buffers ahead of the consumer, so a
// conversion and the destination's writes use two cores instead of taking
// turns on one.
#pragma once

#include <ferry/compression/byte_reader.hpp>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ferry {

class PrefetchReader final : public ByteReader {
 public:
  // At most `depth` buffers of `buffer_size` bytes are read ahead.
  explicit PrefetchReader(ByteReader& in, size_t buffer_size = 1 << 20, size_t depth = 4);
  ~PrefetchReader() override;  // stops the producer and waits for it
  PrefetchReader(const PrefetchReader&) = delete;
  PrefetchReader& operator=(const PrefetchReader&) = delete;

  // Rethrows, in the consumer, what the stages before it threw.
  size_t read(void* buf, size_t cap) override;
  std::string digest() const override { return in_.digest(); }

 private:
  void produce();

  ByteReader& in_;
  const size_t buffer_size_;
  const size_t depth_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<char>> ready_;  // filled, in order
  std::vector<std::vector<char>> spare_;
  std::vector<char> current_;  // being consumed
  size_t current_pos_ = 0;
  bool ended_ = false;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread producer_;
};

}  // namespace ferry
