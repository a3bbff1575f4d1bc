// registries.d: which section says where an image's signatures are, and the
// files a user or an attacker may write.
#include "docker_scopes.hpp"
#include "registries_d.hpp"

#include <ferry/plugin.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <unistd.h>

namespace ferry::plugins::docker {
namespace {

std::vector<std::string> scopes(const std::string& name) {
  return docker_scopes(DockerReference::parse(name));
}

std::string message(const std::function<void()>& f) {
  try {
    f();
  } catch (const sdk::Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(DockerScopes, MostSpecificFirstThenWildcardsWithoutThePort) {
  EXPECT_EQ(scopes("127.0.0.1:5000/ns/sub/app:1.0"),
            (std::vector<std::string>{"127.0.0.1:5000/ns/sub/app:1.0", "127.0.0.1:5000/ns/sub/app",
                                      "127.0.0.1:5000/ns/sub", "127.0.0.1:5000/ns", "127.0.0.1:5000",
                                      "*.0.0.1", "*.0.1", "*.1"}));
  EXPECT_EQ(scopes("busybox"),
            (std::vector<std::string>{"docker.io/library/busybox", "docker.io/library/busybox",
                                      "docker.io/library", "docker.io", "*.io"}));
  EXPECT_EQ(scopes("localhost/a@sha256:" + std::string(64, 'a')).front(),
            "localhost/a@sha256:" + std::string(64, 'a'));
}

RegistriesD config(const std::string& yaml) {
  RegistriesD c;
  c.add_file(yaml, "regd/a.yaml");
  return c;
}

const char* layered = R"(
default-docker:
  lookaside: file:///default
docker:
  reg.example:5000:
    lookaside: file:///host
  reg.example:5000/ns:
    lookaside: file:///ns
    lookaside-staging: file:///ns-staging
  reg.example:5000/ns/app:
    sigstore: file:///repo-old-name
  reg.example:5000/ns/app:2.0:
    lookaside: file:///tag
  "*.example":
    lookaside: file:///wildcard
  other.test:5000/ns:
    use-sigstore-attachments: true
)";

TEST(RegistriesD, TheMostSpecificScopeWins) {
  RegistriesD c = config(layered);
  EXPECT_EQ(c.lookaside_url(scopes("reg.example:5000/ns/app:2.0"), false), "file:///tag");
  EXPECT_EQ(c.lookaside_url(scopes("reg.example:5000/ns/app:1.0"), false), "file:///repo-old-name");
  EXPECT_EQ(c.lookaside_url(scopes("reg.example:5000/ns/other:1.0"), false), "file:///ns");
  EXPECT_EQ(c.lookaside_url(scopes("reg.example:5000/top:1.0"), false), "file:///host");
  EXPECT_EQ(c.lookaside_url(scopes("reg.example/x:1"), false),
            "file:///wildcard");  // no port, no host section
  EXPECT_EQ(c.lookaside_url(scopes("unrelated.test/x:1"), false), "file:///default");
}

TEST(RegistriesD, WritingPrefersStagingAndFallsThroughSectionsWithoutAUrl) {
  RegistriesD c = config(layered);
  // The repository's section has only a reading URL; writing uses it too.
  EXPECT_EQ(c.lookaside_url(scopes("reg.example:5000/ns/app:1.0"), true), "file:///repo-old-name");
  EXPECT_EQ(c.lookaside_url(scopes("reg.example:5000/ns/other:1.0"), true), "file:///ns-staging");
  // A section with no URL at all (only the attachments flag) falls through to default-docker.
  EXPECT_EQ(c.lookaside_url(scopes("other.test:5000/ns/a:1"), true), "file:///default");
}

TEST(RegistriesD, UrlPrecedenceWithinASection) {
  LookasideSection s;
  s.lookaside = "l";
  s.lookaside_staging = "ls";
  s.sigstore = "s";
  s.sigstore_staging = "ss";
  EXPECT_EQ(s.url(true), "ls");
  EXPECT_EQ(s.url(false), "l");
  s.lookaside_staging.clear();
  EXPECT_EQ(s.url(true), "ss");
  s.sigstore_staging.clear();
  EXPECT_EQ(s.url(true), "l");
  s.lookaside.clear();
  EXPECT_EQ(s.url(true), "s");
  EXPECT_EQ(s.url(false), "s");
}

TEST(RegistriesD, AttachmentsFromTheFirstSectionThatSaysSo) {
  RegistriesD c = config(layered);
  EXPECT_TRUE(c.use_sigstore_attachments(scopes("other.test:5000/ns/a:1")));
  EXPECT_FALSE(c.use_sigstore_attachments(scopes("reg.example:5000/ns/a:1")));
  RegistriesD off = config(
      "default-docker: {use-sigstore-attachments: true}\n"
      "docker: {r.test: {use-sigstore-attachments: false}, r.test/x: {lookaside: file:///x}}");
  EXPECT_FALSE(off.use_sigstore_attachments(scopes("r.test/x/y:1")));
  EXPECT_TRUE(off.use_sigstore_attachments(scopes("q.test/x/y:1")));
}

TEST(RegistriesD, BuiltInDefaultWhenNothingMatches) {
  RegistriesD c = config("docker: {r.test: {lookaside: file:///x}}");
  std::string expected =
      geteuid() == 0 ? "file:///var/lib/containers/sigstore"
                     : "file://" + std::string(std::getenv("HOME")) + "/.local/share/containers/sigstore";
  EXPECT_EQ(c.lookaside_url(scopes("q.test/a:1"), false), expected);
  EXPECT_EQ(RegistriesD().lookaside_url(scopes("q.test/a:1"), true), expected);
}

TEST(RegistriesD, UnknownKeysAreIgnored) {
  RegistriesD c =
      config("other: 1\ndocker:\n  r.test:\n    lookasidez: file:///typo\n    lookaside: file:///x\n");
  EXPECT_EQ(c.lookaside_url(scopes("r.test/a:1"), false), "file:///x");
}

TEST(RegistriesD, ErrorsNameTheFile) {
  EXPECT_EQ(message([] { config("docker:\n  r.test: [\n"); }).find("parsing regd/a.yaml: line "), 0u);
  EXPECT_NE(message([] { config("docker: {r.test: {lookaside: [1]}}"); }).find("regd/a.yaml"),
            std::string::npos);
  EXPECT_NE(message([] {
              config("docker: {r.test: {use-sigstore-attachments: maybe}}");
            }).find("use-sigstore-attachments must be true or false"),
            std::string::npos);
  EXPECT_NE(message([] { config("docker: [1]"); }).find("docker must be a mapping"), std::string::npos);
}

TEST(RegistriesD, ANamespaceOrDefaultDockerInTwoFilesIsAnError) {
  RegistriesD c;
  c.add_file("docker: {127.0.0.1:5000: {lookaside: file:///a}}\ndefault-docker: {lookaside: file:///d}",
             "regd/a.yaml");
  EXPECT_EQ(message([&] { c.add_file("docker: {127.0.0.1:5000: {lookaside: file:///b}}", "regd/b.yaml"); }),
            "Error parsing signature storage configuration: \"docker\" namespace \"127.0.0.1:5000\" defined "
            "both in \"regd/b.yaml\" and \"regd/a.yaml\"");
  EXPECT_EQ(
      message([&] { c.add_file("default-docker: {lookaside: file:///e}", "regd/c.yaml"); }),
      "Error parsing signature storage configuration: \"default-docker\" defined both in \"regd/c.yaml\" "
      "and \"regd/a.yaml\"");
}

TEST(RegistriesD, AliasesCannotMakeASmallFileExpensive) {
  // Each alias repeats a long URL: what is read is bounded, not only the file's size.
  std::string yaml = "x: &u {lookaside: file:///" + std::string(4000, 'a') + "}\ndocker:\n";
  for (int i = 0; i < 20000; ++i) yaml += "  h" + std::to_string(i) + ": *u\n";
  EXPECT_NE(message([&] { config(yaml); }).find("aliases?"), std::string::npos);
}

TEST(RegistriesD, LoadsEveryYamlFileOfTheDirectory) {
  auto dir = std::filesystem::temp_directory_path() / ("ferry-regd-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.yaml") << "docker: {r.test: {lookaside: file:///a}}\n";
  std::ofstream(dir / "b.yaml") << "default-docker: {lookaside: file:///b}\n";
  std::ofstream(dir / "c.yml") << "not: [valid\n";  // not *.yaml: ignored
  RegistriesD c = RegistriesD::load(dir.string());
  EXPECT_EQ(c.lookaside_url(scopes("r.test/x:1"), false), "file:///a");
  EXPECT_EQ(c.lookaside_url(scopes("q.test/x:1"), false), "file:///b");
  std::ofstream(dir / "d.yaml") << "docker: {r.test: {lookaside: file:///d}}\n";
  EXPECT_NE(message([&] { RegistriesD::load(dir.string()); }).find("d.yaml"), std::string::npos);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(RegistriesD::load(dir.string()).lookaside_url(scopes("r.test/x:1"), false).substr(0, 7),
            "file://");
}

TEST(RegistriesD, TheDirectoryOptionWinsOverTheSearch) {
  EXPECT_EQ(RegistriesD::directory(std::string("/x/regd")), "/x/regd");
  std::string found = RegistriesD::directory(std::nullopt);
  EXPECT_TRUE(found == "/etc/containers/registries.d" || found.ends_with("/.config/containers/registries.d"));
}

}  // namespace
}  // namespace ferry::plugins::docker
