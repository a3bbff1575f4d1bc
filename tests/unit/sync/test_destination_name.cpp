// sync's destination names, against what skopeo 1.9.3 printed for the same
// sources (tests/integration/sync.sh compares the two tools end to end).
#include "sync/destination_name.hpp"

#include <gtest/gtest.h>

using namespace ferry::cli::sync;

TEST(SyncDestinationName, JoinCleansLikeGosPathJoin) {
  EXPECT_EQ(join_path("127.0.0.1:5000/mirror", "app:1"), "127.0.0.1:5000/mirror/app:1");
  EXPECT_EQ(join_path("127.0.0.1:5000/mirror/", "/app:1"), "127.0.0.1:5000/mirror/app:1");
  EXPECT_EQ(join_path("/dst", "/src/a/b"), "/dst/src/a/b");
  EXPECT_EQ(join_path("dst/./x", "../y"), "dst/y");
  EXPECT_EQ(join_path("", "a//b/"), "a/b");
  EXPECT_EQ(join_path("..", ".."), "../..");
  EXPECT_EQ(join_path("/", ".."), "/");
}

TEST(SyncDestinationName, BaseNameLikeGosPathBase) {
  EXPECT_EQ(base_name("docker.io/library/busybox:1.36"), "busybox:1.36");
  EXPECT_EQ(base_name("/src/a/b/"), "b");
  EXPECT_EQ(base_name(""), ".");
  EXPECT_EQ(base_name("///"), "/");
  EXPECT_EQ(base_name("repo@sha256:abc"), "repo@sha256:abc");
}

TEST(SyncDestinationName, UnscopedKeepsTheLastElement) {
  EXPECT_EQ(destination_name(Kind::registry, "127.0.0.1:5001/mirror",
                             destination_suffix("127.0.0.1:5000/src/app:tiny", false), ""),
            "docker://127.0.0.1:5001/mirror/app:tiny");
  EXPECT_EQ(destination_name(Kind::dir, "/dst", destination_suffix("127.0.0.1:5000/src/app:tiny", false), ""),
            "dir:/dst/app:tiny");
}

TEST(SyncDestinationName, ScopedKeepsTheWholeSourceName) {
  EXPECT_EQ(destination_name(Kind::registry, "127.0.0.1:5001/mirror",
                             destination_suffix("127.0.0.1:5000/src/app:tiny", true), ""),
            "docker://127.0.0.1:5001/mirror/127.0.0.1:5000/src/app:tiny");
  EXPECT_EQ(destination_name(Kind::registry, "mirror.local", destination_suffix("/nested/img", true), ""),
            "docker://mirror.local/nested/img");
}

TEST(SyncDestinationName, SuffixGoesAfterTheWholeName) {
  EXPECT_EQ(
      destination_name(Kind::registry, "m.local/x", destination_suffix("quay.io/a/b:1", false), "-mirror"),
      "docker://m.local/x/b:1-mirror");
  EXPECT_EQ(destination_name(Kind::dir, "/dst/", destination_suffix("quay.io/a/b:1", false), ".bak"),
            "dir:/dst/b:1.bak");
}
