// The registry client's retry policy (which answers are transient, how long to
// wait) and its proxy choice (HTTP(S)_PROXY, NO_PROXY with Go's rules).
#include "proxy_settings.hpp"
#include "retry_policy.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace ferry::plugins::docker;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

TEST(RetryPolicy, OnlyOverloadAndGatewayAnswersAreTransient) {
  for (int s : {429, 502, 503, 504}) EXPECT_TRUE(retryable_status(s)) << s;
  for (int s : {200, 400, 401, 403, 404, 405, 500}) EXPECT_FALSE(retryable_status(s)) << s;
}

TEST(RetryPolicy, RetryAfterIsHonouredUpToAMinuteElseBackOffDoubles) {
  EXPECT_EQ(retry_delay(0, "5"), seconds(5));
  EXPECT_EQ(retry_delay(0, "3600"), seconds(60));
  EXPECT_EQ(retry_delay(0, "Wed, 21 Oct 2015 07:28:00 GMT"), milliseconds(0));  // a date in the past
  EXPECT_EQ(retry_delay(0, ""), seconds(1));
  EXPECT_EQ(retry_delay(3, ""), seconds(8));
  EXPECT_EQ(retry_delay(20, ""), seconds(32));
  EXPECT_EQ(retry_delay(1, "soon"), seconds(2));  // unreadable: the back-off
}

class ProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"})
      ::unsetenv(v);
    ::setenv("HTTPS_PROXY", "http://user:p%40ss@proxy.example:3128", 1);
    ::setenv("HTTP_PROXY", "proxy.example", 1);
  }
  void TearDown() override {
    for (const char* v : {"HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"}) ::unsetenv(v);
  }
  static bool proxied(const char* host, uint16_t port = 443) {
    return proxy_for("https", host, port).has_value();
  }
};

TEST_F(ProxyTest, TheSchemesProxyIsUsedWithItsCredentials) {
  auto p = proxy_for("https", "registry.example", 443);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->host, "proxy.example");
  EXPECT_EQ(p->port, 3128);
  EXPECT_EQ(p->user, "user");
  EXPECT_EQ(p->password, "p@ss");
  auto plain = proxy_for("http", "registry.example", 80);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->port, 80);  // no scheme and no port: http on 80
}

TEST_F(ProxyTest, LoopbackIsNeverProxied) {
  EXPECT_FALSE(proxied("127.0.0.1"));
  EXPECT_FALSE(proxied("localhost"));
  EXPECT_FALSE(proxied("::1"));
}

TEST_F(ProxyTest, NoProxyMatchesHostsTheirSubdomainsPortsAndEverything) {
  ::setenv("NO_PROXY", " internal.example, .corp.example,10.1.2.3,mirror.example:5000", 1);
  EXPECT_FALSE(proxied("internal.example"));
  EXPECT_FALSE(proxied("a.internal.example"));
  EXPECT_TRUE(proxied("notinternal.example"));
  EXPECT_FALSE(proxied("x.corp.example"));
  EXPECT_FALSE(proxied("corp.example"));
  EXPECT_FALSE(proxied("10.1.2.3"));
  EXPECT_FALSE(proxied("mirror.example", 5000));
  EXPECT_TRUE(proxied("mirror.example", 443));
  ::setenv("NO_PROXY", "*", 1);
  EXPECT_FALSE(proxied("anything.example"));
}

}  // namespace
