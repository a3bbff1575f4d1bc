// PrefetchReader: the same bytes in the same order, errors delivered to the
// consumer, and a consumer that stops early.
#include <ferry/core/error.hpp>
#include "copy/prefetch_reader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>

namespace ferry {
namespace {

// Delivers `text` in pieces of at most `piece` bytes, then fails if asked to.
class PieceReader final : public ByteReader {
 public:
  PieceReader(std::string text, size_t piece, bool fail_at_end = false)
      : text_(std::move(text)), piece_(piece), fail_at_end_(fail_at_end) {}
  size_t read(void* buf, size_t cap) override {
    size_t n = std::min({cap, piece_, text_.size() - pos_});
    if (n == 0 && fail_at_end_) fail(FERRY_E_IO, "the source broke");
    std::memcpy(buf, text_.data() + pos_, n);
    pos_ += n;
    reads++;
    return n;
  }
  std::atomic<int> reads{0};

 private:
  std::string text_;
  size_t piece_;
  bool fail_at_end_;
  size_t pos_ = 0;
};

std::string pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  return s;
}

std::string drain(ByteReader& r, size_t chunk) {
  std::string out, buf(chunk, '\0');
  for (size_t n; (n = r.read(buf.data(), buf.size())) > 0;) out.append(buf, 0, n);
  return out;
}

TEST(PrefetchReader, DeliversEveryByteInOrder) {
  const std::string text = pattern(1'000'003);
  for (size_t piece : {1'000u, 65'536u, 3'000'000u}) {
    PieceReader src(text, piece);
    PrefetchReader ahead(src, 64 * 1024, 3);
    std::string got = drain(ahead, 10'007);
    EXPECT_EQ(got.size(), text.size()) << "pieces of " << piece;
    EXPECT_TRUE(got == text) << "pieces of " << piece;
    EXPECT_EQ(ahead.read(nullptr, 0), 0u);  // stays at the end
  }
}

TEST(PrefetchReader, EmptySource) {
  PieceReader src("", 10);
  PrefetchReader ahead(src);
  char c;
  EXPECT_EQ(ahead.read(&c, 1), 0u);
}

TEST(PrefetchReader, ErrorReachesTheConsumerAfterTheData) {
  const std::string text = pattern(300'000);
  PieceReader src(text, 4096, /*fail_at_end=*/true);
  PrefetchReader ahead(src, 16 * 1024, 2);
  std::string got, buf(8192, '\0');
  try {
    for (size_t n; (n = ahead.read(buf.data(), buf.size())) > 0;) got.append(buf, 0, n);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_IO);
    EXPECT_STREQ(e.what(), "the source broke");
  }
  EXPECT_EQ(got.size(), text.size());
  EXPECT_TRUE(got == text);
}

TEST(PrefetchReader, ReadsOnlyABoundedDistanceAhead) {
  PieceReader src(pattern(10'000'000), 1024);
  {
    PrefetchReader ahead(src, 1024, 4);
    char c;
    ASSERT_EQ(ahead.read(&c, 1), 1u);
    // Destroyed long before the end: the producer stops with a few buffers read.
  }
  EXPECT_LT(src.reads.load(), 10);
}

}  // namespace
}  // namespace ferry
