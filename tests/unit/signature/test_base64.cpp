#include <ferry/base64.hpp>

#include <gtest/gtest.h>

namespace ferry::base64 {
namespace {

TEST(Base64, RoundTripsEveryLength) {
  std::string bytes;
  for (int n = 0; n < 40; ++n) {
    EXPECT_EQ(decode(encode(bytes)), bytes);
    bytes += static_cast<char>(n * 37);
  }
  EXPECT_EQ(encode("hello"), "aGVsbG8=");
}

TEST(Base64, RefusesWhatGoRefusesAndSaysWhere) {
  size_t at = 99;
  EXPECT_FALSE(decode("aGVsbG8", &at));  // unpadded
  EXPECT_EQ(at, 7u);
  EXPECT_FALSE(decode("aG%sbG8=", &at));
  EXPECT_EQ(at, 2u);
  EXPECT_FALSE(decode("aGVsbG9=", &at));  // bits set below the last byte
  EXPECT_FALSE(decode("aGVs\nbG8=", &at));
}

}  // namespace
}  // namespace ferry::base64
