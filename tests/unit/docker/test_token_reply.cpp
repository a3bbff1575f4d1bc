// Token servers' replies, as they are and as a hostile one might send them.
#include "token_reply.hpp"

#include <ferry/plugin.hpp>

#include <gtest/gtest.h>

namespace ferry::plugins::docker {
namespace {

using std::chrono::seconds;

std::string error_of(const std::string& body) {
  try {
    parse_token_reply(body, "the token reply from https://auth.example");
  } catch (const sdk::Error& e) {
    return e.what();
  }
  return "nothing thrown";
}

TEST(TokenReply, TokenAndLifetime) {
  auto r = parse_token_reply(R"({"token":"abc","access_token":"other","expires_in":300})", "reply");
  EXPECT_EQ(r.token, "abc");
  EXPECT_EQ(r.renew_after, seconds(290));
  r = parse_token_reply(R"({"access_token":"oauth"})", "reply");
  EXPECT_EQ(r.token, "oauth");
  EXPECT_EQ(r.renew_after, seconds(50));  // the spec's 60 seconds when none is given
}

TEST(TokenReply, LifetimeIsKeptWithinBounds) {
  EXPECT_EQ(parse_token_reply(R"({"token":"a","expires_in":5})", "reply").renew_after, seconds(50));
  EXPECT_EQ(parse_token_reply(R"({"token":"a","expires_in":-7})", "reply").renew_after, seconds(50));
  // Past a day: the renewal time of a huge lifetime would not fit in the clock's nanoseconds.
  EXPECT_EQ(parse_token_reply(R"({"token":"a","expires_in":9223372036854775807})", "reply").renew_after,
            seconds(24 * 3600 - 10));
}

TEST(TokenReply, RefusalsNameTheReply) {
  EXPECT_EQ(error_of(R"({"token":5})"),
            R"(the token reply from https://auth.example: "token" is a number, not a string)");
  EXPECT_EQ(error_of(R"({"expires_in":60})"), "the answer holds no token");
  EXPECT_EQ(error_of(R"({"token":"a","expires_in":1e99})"),
            R"(the token reply from https://auth.example: "expires_in" is a number, not an integer)");
  EXPECT_NE(error_of("[[").find("the token reply from https://auth.example is not valid JSON"),
            std::string::npos);
}

}  // namespace
}  // namespace ferry::plugins::docker
