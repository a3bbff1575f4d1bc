// WWW-Authenticate challenges as registries and token servers send them.
#include "www_authenticate.hpp"

#include <gtest/gtest.h>

namespace ferry::plugins::docker {
namespace {

TEST(WwwAuthenticate, BearerWithItsParameters) {
  auto c = parse_challenges(
      {R"(Bearer realm="https://auth.example/token",service="registry.example",scope="repository:lab/tiny:pull")"});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].scheme, "bearer");
  EXPECT_EQ(c[0].param("realm"), "https://auth.example/token");
  EXPECT_EQ(c[0].param("service"), "registry.example");
  EXPECT_EQ(c[0].param("scope"), "repository:lab/tiny:pull");
}

TEST(WwwAuthenticate, SchemesAndKeysAreCaseInsensitive) {
  auto c = parse_challenges({R"(BASIC Realm="Registry Realm")"});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].scheme, "basic");
  EXPECT_EQ(c[0].param("realm"), "Registry Realm");
}

TEST(WwwAuthenticate, SeveralHeaderValuesAndChallenges) {
  auto c = parse_challenges({R"(Basic realm="a")", R"(Bearer realm="https://t/token",service="s")"});
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].scheme, "basic");
  EXPECT_EQ(c[1].scheme, "bearer");
  EXPECT_EQ(c[1].param("service"), "s");
}

TEST(WwwAuthenticate, QuotedCommasAndEscapes) {
  auto c = parse_challenges({R"(Bearer realm="https://t/token",scope="repository:a:pull,push")"});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].param("scope"), "repository:a:pull,push");
}

TEST(WwwAuthenticate, GarbageYieldsNoUsableChallenge) {
  for (const char* h : {"", "   ", ",,,", "=\"\"", "Bearer realm=\"unclosed"}) {
    auto c = parse_challenges({h});
    for (const auto& one : c) EXPECT_FALSE(one.scheme.empty()) << h;
  }
  EXPECT_TRUE(parse_challenges({}).empty());
}

}  // namespace
}  // namespace ferry::plugins::docker
