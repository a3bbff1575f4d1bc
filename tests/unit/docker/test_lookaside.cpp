// The lookaside's file:// side: where signature-N files go, what a push
// writes and deletes, and digests that must not name another directory.
#include "lookaside.hpp"

#include <ferry/plugin.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <unistd.h>

namespace ferry::plugins::docker {
namespace {

namespace fs = std::filesystem;

const std::string digest = "sha256:" + std::string(64, 'a');

std::string message(const std::function<void()>& f) {
  try {
    f();
  } catch (const sdk::Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class LookasideFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("ferry-lookaside-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string base() const { return "file://" + root_.string(); }
  fs::path dir() const { return root_ / ("ns/app@sha256=" + std::string(64, 'a')); }

  fs::path root_;
  HttpClient http_{HttpOptions{}};
};

TEST(Lookaside, SignatureUrls) {
  Lookaside l("http://sigs.example/base", "ns/app", digest);
  EXPECT_EQ(l.url(1), "http://sigs.example/base/ns/app@sha256=" + std::string(64, 'a') + "/signature-1");
  EXPECT_EQ(l.url(12).substr(l.url(12).size() - 13), "/signature-12");
}

TEST(Lookaside, DigestsThatCouldNameAnotherDirectoryAreRefused) {
  for (std::string bad : {"sha256:../../etc", "sha256:ABCD", "sha256:", ":abcd", "abcd", "sha/256:ab", ""})
    EXPECT_NE(message([&] { Lookaside("file:///x", "ns/app", bad); }).find("invalid manifest digest"),
              std::string::npos)
        << bad;
}

TEST(Lookaside, WritingToHttpOrAnUnknownSchemeIsRefused) {
  EXPECT_EQ(message([] { Lookaside("http://s.example/x", "ns/app", digest).check_writable(); }),
            "Writing directly to a http lookaside http://s.example/x/ns/app@sha256=" + std::string(64, 'a') +
                "/signature-1 is not supported. Configure a lookaside-staging: location");
  EXPECT_NE(message([] {
              Lookaside("https://s.example/x", "ns/app", digest).write({"sig"});
            }).find("Writing directly to a https lookaside"),
            std::string::npos);
  EXPECT_NE(message([] {
              Lookaside("ftp://s.example/x", "ns/app", digest).check_writable();
            }).find("Unsupported scheme when writing signature to ftp://"),
            std::string::npos);
}

TEST_F(LookasideFiles, WritesEachSignatureThenDeletesStaleOnesUpToTheFirstGap) {
  fs::create_directories(dir());
  for (int n : {1, 2, 3, 4, 6}) std::ofstream(dir() / ("signature-" + std::to_string(n))) << "old";
  Lookaside l(base(), "ns/app", digest);
  l.write({"first", "second"});
  EXPECT_EQ(slurp(dir() / "signature-1"), "first");
  EXPECT_EQ(slurp(dir() / "signature-2"), "second");
  EXPECT_FALSE(fs::exists(dir() / "signature-3"));
  EXPECT_FALSE(fs::exists(dir() / "signature-4"));
  EXPECT_TRUE(fs::exists(dir() / "signature-6"));  // after the first gap: not looked at
  struct stat st {};
  ASSERT_EQ(::stat((dir() / "signature-1").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  EXPECT_EQ(l.read(http_), (std::vector<std::string>{"first", "second"}));
}

TEST_F(LookasideFiles, NewDirectoriesAre0755) {
  Lookaside(base(), "ns/deep/app", digest).write({"s"});
  for (fs::path p :
       {root_ / "ns", root_ / "ns/deep", root_ / ("ns/deep/app@sha256=" + std::string(64, 'a'))}) {
    struct stat st {};
    ASSERT_EQ(::stat(p.c_str(), &st), 0) << p;
    EXPECT_EQ(st.st_mode & 07777, 0755u) << p;
  }
}

TEST_F(LookasideFiles, NoSignaturesWriteAndDeleteNothing) {
  Lookaside(base(), "ns/app", digest).write({});
  EXPECT_FALSE(fs::exists(root_ / "ns"));
  fs::create_directories(dir());
  std::ofstream(dir() / "signature-1") << "kept";
  Lookaside(base(), "ns/app", digest).write({});
  EXPECT_EQ(slurp(dir() / "signature-1"), "kept");
}

TEST_F(LookasideFiles, ReadingStopsAtTheFirstMissingFile) {
  Lookaside l(base(), "ns/app", digest);
  EXPECT_TRUE(l.read(http_).empty());
  fs::create_directories(dir());
  std::ofstream(dir() / "signature-2") << "a lone second";
  EXPECT_TRUE(l.read(http_).empty());
}

TEST_F(LookasideFiles, ASignatureOver4MiBIsRefused) {
  fs::create_directories(dir());
  std::ofstream(dir() / "signature-1") << std::string(max_signature_size + 1, 'x');
  EXPECT_NE(message([&] { Lookaside(base(), "ns/app", digest).read(http_); }).find("signature-1"),
            std::string::npos);
}

TEST_F(LookasideFiles, RemoveDeletesEverySignatureUpToTheFirstGap) {
  Lookaside l(base(), "ns/app", digest);
  l.write({"a", "b", "c"});
  l.remove();
  EXPECT_FALSE(fs::exists(dir() / "signature-1"));
  EXPECT_FALSE(fs::exists(dir() / "signature-3"));
  EXPECT_TRUE(fs::is_directory(dir()));  // as skopeo leaves it
  EXPECT_NO_THROW(l.remove());
}

TEST_F(LookasideFiles, PercentEscapesInTheBaseAreDecoded) {
  fs::create_directories(root_ / "with space");
  Lookaside("file://" + root_.string() + "/with%20space", "ns/app", digest).write({"s"});
  EXPECT_TRUE(fs::exists(root_ / "with space/ns" / dir().filename() / "signature-1"));
}

}  // namespace
}  // namespace ferry::plugins::docker
