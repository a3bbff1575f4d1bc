// The Link header of paginated tag lists, as registries send it and as a
// hostile one might.
#include "link_header.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ferry::plugins::docker {
namespace {

TEST(LinkHeader, NextAsRegistriesSendIt) {
  EXPECT_EQ(next_link(R"(</v2/lab/tiny/tags/list?last=b&n=2>; rel="next")"),
            "/v2/lab/tiny/tags/list?last=b&n=2");
  EXPECT_EQ(next_link(R"(<https://r.example/v2/x/tags/list?n=1&last=a>;rel=next)"),
            "https://r.example/v2/x/tags/list?n=1&last=a");
  EXPECT_EQ(next_link(R"(</a>; rel="NEXT")"), "/a");
}

TEST(LinkHeader, TheNextAmongSeveralLinksAndParameters) {
  EXPECT_EQ(next_link(R"(</prev>; rel="prev", </n>; title="x, y"; rel="next")"), "/n");
  EXPECT_EQ(next_link(R"(</both>; rel="prev next")"), "/both");
  EXPECT_EQ(next_link(R"(</a>; type="text"; rel = "next")"), "/a");
}

TEST(LinkHeader, NoNextLink) {
  EXPECT_EQ(next_link(""), std::nullopt);
  EXPECT_EQ(next_link(R"(</prev>; rel="prev")"), std::nullopt);
  EXPECT_EQ(next_link(R"(</a>; rel="nextpage")"), std::nullopt);
  EXPECT_EQ(next_link(R"(</a>; relation="next")"), std::nullopt);
  EXPECT_EQ(next_link(R"(</a; rel="next")"), std::nullopt);  // unclosed target
  EXPECT_EQ(next_link(R"(/a; rel="next")"), std::nullopt);   // no target at all
}

// A crafted header of near-misses, 1 MiB long, is read in one pass (the
// regex it replaces backtracked: seconds for 8 KB).
TEST(LinkHeader, LongHostileHeaderHasNoNext) {
  std::string hostile;
  while (hostile.size() < (1 << 20)) hostile += R"(<x>; rel="nex; rel=nex ;;;; <)";
  EXPECT_EQ(next_link(hostile), std::nullopt);
  EXPECT_EQ(next_link(R"(</first>; rel="next", )" + hostile), "/first");
}

}  // namespace
}  // namespace ferry::plugins::docker
