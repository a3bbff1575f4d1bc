#include "sync/sync_file.hpp"
#include "sync/tag_filter.hpp"

#include <ferry/core/error.hpp>

#include <gtest/gtest.h>

using namespace ferry::cli::sync;

namespace {

std::string error_of(const std::string& yaml) {
  try {
    parse_sync_file(yaml, "sync.yaml");
  } catch (const ferry::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(SyncFile, ReadsEverySectionInOrder) {
  const auto regs = parse_sync_file(R"(
registry.example.com:
  images:
    busybox: []
    redhat/ubi8: ["8.7", "sha256:0000000000000000000000000000000000000000000000000000000000000000"]
    empty:
  images-by-tag-regex:
    nginx: ^1\.13\.[12]-alpine-perl$
  images-by-semver:
    alpine: ">= 3.12, < 3.14"
  credentials:
    username: john
    password: this is a secret
  tls-verify: false
  cert-dir: /home/john/certs
quay.io:
  tls-verify: true
  images:
    coreos/etcd:
      - latest
)",
                                    "sync.yaml");
  ASSERT_EQ(regs.size(), 2u);
  const auto& r = regs[0];
  EXPECT_EQ(r.registry, "registry.example.com");
  EXPECT_EQ(r.line, 2);
  ASSERT_EQ(r.repositories.size(), 5u);
  EXPECT_EQ(r.repositories[0].repository, "busybox");
  EXPECT_TRUE(r.repositories[0].refs.empty());
  EXPECT_EQ(r.repositories[1].refs.size(), 2u);
  EXPECT_EQ(r.repositories[1].line, 5);
  EXPECT_TRUE(r.repositories[2].refs.empty());
  EXPECT_EQ(r.repositories[3].kind, RepositoryRule::Kind::tag_regex);
  EXPECT_EQ(r.repositories[4].kind, RepositoryRule::Kind::semver);
  ASSERT_TRUE(r.credentials);
  EXPECT_EQ(r.credentials->second, "this is a secret");
  EXPECT_EQ(r.tls_verify, std::optional<bool>(false));
  EXPECT_EQ(r.cert_dir, std::optional<std::string>("/home/john/certs"));
  EXPECT_EQ(regs[1].tls_verify, std::optional<bool>(true));
  EXPECT_FALSE(regs[1].cert_dir);
}

TEST(SyncFile, EmptyFileHasNoRegistries) { EXPECT_TRUE(parse_sync_file("", "x").empty()); }

TEST(SyncFile, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(error_of("r.io:\n  imagez:\n    a: []\n"),
            "sync.yaml:2: unknown key \"imagez\" in registry \"r.io\" (expected images, images-by-tag-regex, "
            "images-by-semver, credentials, tls-verify, cert-dir)");
  EXPECT_EQ(error_of("r.io:\n  images-by-tag-regex:\n    a: \"(unclosed\"\n"),
            "sync.yaml:3: \"r.io.images-by-tag-regex.a\": invalid regular expression \"(unclosed\": "
            "missing ): (unclosed");
  const std::string semver = error_of("r.io:\n  images-by-semver:\n    a: \">= banana\"\n");
  EXPECT_EQ(
      semver.rfind("sync.yaml:3: \"r.io.images-by-semver.a\": invalid semver constraint \">= banana\"", 0),
      0u)
      << semver;
  EXPECT_EQ(error_of("r.io:\n  tls-verify: maybe\n"),
            "sync.yaml:2: \"r.io.tls-verify\" must be true or false");
  EXPECT_EQ(error_of("r.io:\n  images:\n    a: latest\n"),
            "sync.yaml:3: \"r.io.images.a\" must be a list of tags or digests");
  EXPECT_EQ(error_of("r.io:\n  images:\n    a: [[x]]\n"), "sync.yaml:3: \"r.io.images.a\" must be a string");
  EXPECT_EQ(error_of("r.io:\n  credentials:\n    username: u\n    token: t\n"),
            "sync.yaml:4: unknown key \"token\" in r.io.credentials (expected username, password)");
  EXPECT_EQ(error_of("r.io:\n  credentials:\n    username: u\n"),
            "sync.yaml:3: \"r.io.credentials\" needs both username and password");
  EXPECT_EQ(error_of("r.io: {}\nr.io: {}\n"), "sync.yaml:2: \"r.io\" appears twice in the sync file");
  EXPECT_EQ(error_of("- a\n- b\n"), "sync.yaml:1: the sync file must be a mapping");
  const std::string bad = error_of("r.io:\n  images: [\n");
  EXPECT_EQ(bad.rfind("sync.yaml:", 0), 0u) << bad;
  EXPECT_NE(bad.find("not valid YAML"), std::string::npos) << bad;
}

TEST(SyncFile, DeepNestingIsRefusedNotACrash) {
  const std::string deep = "r.io:\n  images:\n    a: " + std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(error_of(deep).empty());
}

TEST(SyncFile, AliasesCannotMultiplyTheWork) {
  // A list of 20,000 tags named 5,000 times: a few hundred KiB of text, 10^8 names.
  std::string yaml = "r.io:\n  images:\n    base: &L [";
  for (int i = 0; i < 20000; ++i) yaml += (i ? ",t" : "t") + std::to_string(i);
  yaml += "]\n";
  for (int i = 0; i < 5000; ++i) yaml += "    r" + std::to_string(i) + ": *L\n";
  const std::string e = error_of(yaml);
  EXPECT_NE(e.find("MiB of names"), std::string::npos) << e;
  // A few aliases stay fine.
  EXPECT_EQ(error_of("r.io:\n  images:\n    a: &L [x, y]\n    b: *L\n"), "");
}

TEST(SyncFile, TagFiltersMatchAsSkopeoDoes) {
  const auto regs = parse_sync_file(R"(
r.io:
  images-by-tag-regex:
    a: 1\.1[0-9]
  images-by-semver:
    b: ~1.2
  images:
    c: []
)",
                                    "s");
  const auto& reps = regs[0].repositories;
  ASSERT_EQ(reps.size(), 3u);
  for (const auto& rule : reps) {
    auto keep = tag_filter(rule);
    if (rule.repository == "a") {
      EXPECT_TRUE(keep("1.10"));
      EXPECT_TRUE(keep("v1.15-alpine"));  // unanchored, as Go's MatchString
      EXPECT_FALSE(keep("1.9"));
    } else if (rule.repository == "b") {
      EXPECT_TRUE(keep("1.2.9"));
      EXPECT_TRUE(keep("v1.2"));
      EXPECT_FALSE(keep("1.3.0"));
      EXPECT_FALSE(keep("latest"));  // not a version: left out
      EXPECT_FALSE(keep("1.2.5-rc1"));
    } else {
      EXPECT_TRUE(keep("anything"));
    }
  }
}
