// Digest parsing and hashing.
#include <ferry/digest/digest.hpp>
#include <ferry/core/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace ferry {
namespace {

constexpr const char* kAbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The status code and message of what `f` throws.
template <class F>
std::pair<ferry_status, std::string> error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  return {FERRY_OK, "nothing thrown"};
}

TEST(Digest, Sha256OfKnownInputs) {
  EXPECT_EQ(Digest::of("abc").str(), std::string("sha256:") + kAbcSha256);
  EXPECT_EQ(Digest::of("").hex(), kEmptySha256);
}

TEST(Digest, Sha512OfAbc) {
  const Digest d = Digest::of("abc", DigestAlgorithm::sha512);
  EXPECT_EQ(d.algorithm(), DigestAlgorithm::sha512);
  EXPECT_EQ(d.algorithm_name(), "sha512");
  EXPECT_EQ(d.hex(),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(Digest, HasherMatchesOneShotAcrossChunks) {
  Hasher h;
  h.update("a", 1);
  h.update("", 0);
  h.update("bc", 2);
  EXPECT_EQ(h.finish(), Digest::of("abc"));
}

TEST(Digest, HasherSurvivesMove) {
  Hasher a(DigestAlgorithm::sha256);
  a.update("ab", 2);
  Hasher b = std::move(a);
  b.update("c", 1);
  EXPECT_EQ(b.finish().hex(), kAbcSha256);
}

TEST(Digest, HasherRefusesUseAfterFinish) {
  Hasher h;
  h.finish();
  EXPECT_EQ(error_of([&] { h.update("x", 1); }).first, FERRY_E_INTERNAL);
  EXPECT_EQ(error_of([&] { h.finish(); }).first, FERRY_E_INTERNAL);
}

TEST(Digest, ParseRoundTrips) {
  const std::string text = std::string("sha256:") + kAbcSha256;
  const Digest d = Digest::parse(text);
  EXPECT_EQ(d.algorithm(), DigestAlgorithm::sha256);
  EXPECT_EQ(d.hex(), kAbcSha256);
  EXPECT_EQ(d.str(), text);
  EXPECT_EQ(d, Digest::of("abc"));
}

TEST(Digest, ParseRejectsBadInputNamingIt) {
  const std::string upper = "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
  for (const std::string& bad : {std::string("md5:abc"), std::string("sha256:abc"), upper,
                                 std::string("no-colon"), std::string("sha512:") + kAbcSha256}) {
    const auto [code, message] = error_of([&] { Digest::parse(bad); });
    EXPECT_EQ(code, FERRY_E_INVALID_ARGUMENT) << bad;
    EXPECT_NE(message.find("\"" + bad + "\""), std::string::npos) << message;
  }
  EXPECT_NE(error_of([] { Digest::parse("md5:abc"); }).second.find("unsupported algorithm \"md5\""),
            std::string::npos);
}

TEST(Digest, ConstructorValidatesHex) {
  EXPECT_EQ(error_of([] { Digest(DigestAlgorithm::sha256, "xyz"); }).first, FERRY_E_INVALID_ARGUMENT);
  EXPECT_NO_THROW(Digest(DigestAlgorithm::sha512, std::string(128, 'f')));
}

}  // namespace
}  // namespace ferry
