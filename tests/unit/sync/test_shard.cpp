#include "sync/shard.hpp"

#include <ferry/core/error.hpp>

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace ferry::cli::sync;

namespace {

auto env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

std::string message_of(const std::string& text, std::map<std::string, std::string> vars = {}) {
  try {
    parse_shard(text, env_of(std::move(vars)));
  } catch (const ferry::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(SyncShard, HashIsFixed) {
  // FNV-1a 64 of known strings: a change here would move every image to another shard.
  EXPECT_EQ(stable_hash(""), 14695981039346656037ull);
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(stable_hash("foobar"), 0x85944171f73967e8ull);
}

TEST(SyncShard, SlicesAreDisjointAndCoverEverything) {
  const uint64_t n = 4;
  std::vector<Shard> shards;
  for (uint64_t i = 0; i < n; ++i) shards.push_back(parse_shard(std::to_string(i) + "/4", env_of({})));
  std::vector<size_t> sizes(n);
  for (int k = 0; k < 1000; ++k) {
    const std::string name = "docker://mirror/app:" + std::to_string(k);
    int owners = 0;
    for (uint64_t i = 0; i < n; ++i)
      if (shards[i].holds(name)) {
        ++owners;
        ++sizes[i];
      }
    EXPECT_EQ(owners, 1) << name;
  }
  for (size_t s : sizes) EXPECT_GT(s, 150u);  // roughly even: 250 each
}

TEST(SyncShard, ARepositorysTagsShareAShard) {
  EXPECT_EQ(shard_key(Kind::registry, "docker://127.0.0.1:5000/mirror/app:1.2"),
            "docker://127.0.0.1:5000/mirror/app");
  EXPECT_EQ(shard_key(Kind::registry, "docker://h/app@sha256:ab"), "docker://h/app");
  EXPECT_EQ(shard_key(Kind::registry, "docker://h:5000/app"), "docker://h:5000/app");
  EXPECT_EQ(shard_key(Kind::dir, "dir:/dst/app:1.2"), "dir:/dst/app:1.2");
}

TEST(SyncShard, AutoReadsKubernetesAndSlurm) {
  Shard k = parse_shard("auto", env_of({{"JOB_COMPLETION_INDEX", "2"}, {"FERRY_SHARD_COUNT", "5"}}));
  EXPECT_EQ(k.index, 2u);
  EXPECT_EQ(k.count, 5u);
  Shard s = parse_shard(
      "auto",
      env_of({{"SLURM_ARRAY_TASK_ID", "7"}, {"SLURM_ARRAY_TASK_MIN", "4"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}));
  EXPECT_EQ(s.index, 3u);
  EXPECT_EQ(s.count, 4u);
}

TEST(SyncShard, BadValuesAreNamed) {
  EXPECT_NE(message_of("4/4").find("not below the count 4"), std::string::npos);
  EXPECT_NE(message_of("0/0").find("at least 1"), std::string::npos);
  EXPECT_NE(message_of("1-4").find("expected I/N"), std::string::npos);
  EXPECT_NE(message_of("x/4").find("index \"x\""), std::string::npos);
  EXPECT_NE(message_of("1/99999999999999999999999").find("count"), std::string::npos);
  EXPECT_NE(message_of("auto").find("neither is set"), std::string::npos);
  EXPECT_NE(message_of("auto", {{"JOB_COMPLETION_INDEX", "1"}}).find("FERRY_SHARD_COUNT"), std::string::npos);
  EXPECT_NE(message_of("auto", {{"SLURM_ARRAY_TASK_ID", "9"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})
                .find("not below the count"),
            std::string::npos);
}
