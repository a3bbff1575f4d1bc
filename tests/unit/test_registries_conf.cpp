// registries.conf: parsing (v2 and v1), choosing the entry for a repository,
// and the JSON handed to plugins as ferry_host.registry_config.
#include <ferry/core/error.hpp>
#include <ferry/core/host_objects.hpp>
#include "config/registries_conf.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

RegistriesConf parse(const std::string& text, const std::string& origin = "/test/registries.conf") {
  RegistriesConf c;
  c.merge_text(text, origin);
  return c;
}

std::string prefix_for(const RegistriesConf& c, const std::string& name) {
  const RegistryEntry* e = c.find(name);
  return e ? e->prefix : "<none>";
}

// ------------------------------------------------------------- merge + find

TEST(RegistriesConf, LongestPrefixWins) {
  auto c = parse(R"(
[[registry]]
prefix = "a.io"
location = "a.io"
[[registry]]
prefix = "a.io/ns/repo"
location = "r.io/repo"
[[registry]]
prefix = "a.io/ns"
location = "n.io/ns"
)");
  ASSERT_EQ(c.entries().size(), 3u);
  EXPECT_EQ(prefix_for(c, "a.io/ns/repo"), "a.io/ns/repo");
  EXPECT_EQ(prefix_for(c, "a.io/ns/other"), "a.io/ns");
  EXPECT_EQ(prefix_for(c, "a.io/ns/repo/deeper"), "a.io/ns/repo");
  EXPECT_EQ(prefix_for(c, "a.io/x"), "a.io");
  EXPECT_EQ(prefix_for(c, "b.io/ns/repo"), "<none>");
  EXPECT_EQ(c.find("a.io/ns/other")->location, "n.io/ns");
}

TEST(RegistriesConf, PrefixMatchesWholeComponents) {
  auto c = parse("[[registry]]\nprefix = \"a.io/x\"\nlocation = \"b.io/x\"\n");
  EXPECT_EQ(prefix_for(c, "a.io/x"), "a.io/x");
  EXPECT_EQ(prefix_for(c, "a.io/x/y"), "a.io/x");
  EXPECT_EQ(prefix_for(c, "a.io/x:tag"), "a.io/x");
  EXPECT_EQ(prefix_for(c, "a.io/x@sha256:0000000000000000000000000000000000000000000000000000000000000000"),
            "a.io/x");
  EXPECT_EQ(prefix_for(c, "a.io/xy"), "<none>");
  EXPECT_EQ(prefix_for(c, "a.io/xy/z"), "<none>");
  EXPECT_EQ(prefix_for(c, "a.io"), "<none>");
  EXPECT_EQ(prefix_for(c, "za.io/x"), "<none>");
}

TEST(RegistriesConf, PrefixDefaultsToLocation) {
  auto c = parse("[[registry]]\nlocation = \"reg.io:5000/ns\"\ninsecure = true\n");
  ASSERT_EQ(c.entries().size(), 1u);
  EXPECT_EQ(c.entries()[0].prefix, "reg.io:5000/ns");
  EXPECT_TRUE(c.find("reg.io:5000/ns/app")->insecure);
  EXPECT_EQ(c.find("reg.io/ns/app"), nullptr);
}

TEST(RegistriesConf, WildcardSubdomains) {
  auto c = parse(R"(
[[registry]]
prefix = "*.example.com"
blocked = true
[[registry]]
prefix = "ok.example.com"
location = "ok.example.com"
)");
  EXPECT_EQ(prefix_for(c, "foo.example.com/ns/repo"), "*.example.com");
  EXPECT_EQ(prefix_for(c, "a.b.example.com/repo"), "*.example.com");
  EXPECT_TRUE(c.find("foo.example.com/repo")->blocked);
  // The exact host is more specific than the wildcard.
  EXPECT_EQ(prefix_for(c, "ok.example.com/repo"), "ok.example.com");
  EXPECT_FALSE(c.find("ok.example.com/repo")->blocked);
  // Only subdomains, only in the host part, only at a dot.
  EXPECT_EQ(prefix_for(c, "example.com/repo"), "<none>");
  EXPECT_EQ(prefix_for(c, "fooexample.com/repo"), "<none>");
  EXPECT_EQ(prefix_for(c, "other.io/foo.example.com"), "<none>");
}

// A port after the wildcarded domain still matches ("*.example.com" matches
// "foo.example.com:5000/repo"), as containers/image does.
TEST(RegistriesConf, WildcardMatchesHostWithPort) {
  auto c = parse("[[registry]]\nprefix = \"*.example.com\"\nblocked = true\n");
  EXPECT_EQ(prefix_for(c, "foo.example.com:5000/repo"), "*.example.com");
}

TEST(RegistriesConf, Flags) {
  auto c = parse(R"(
[[registry]]
location = "blocked.io"
blocked = true
[[registry]]
location = "insecure.io:5000"
insecure = true
[[registry]]
location = "plain.io"
)",
                 "/etc/containers/registries.conf.d/50-test.conf");
  const RegistryEntry* b = c.find("blocked.io/x");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->blocked);
  EXPECT_FALSE(b->insecure);
  EXPECT_EQ(b->origin, "/etc/containers/registries.conf.d/50-test.conf");
  const RegistryEntry* i = c.find("insecure.io:5000/x");
  ASSERT_NE(i, nullptr);
  EXPECT_TRUE(i->insecure);
  EXPECT_FALSE(i->blocked);
  const RegistryEntry* p = c.find("plain.io/x");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->insecure);
  EXPECT_FALSE(p->blocked);
  EXPECT_FALSE(p->mirror_by_digest_only);
  EXPECT_TRUE(p->mirrors.empty());
}

TEST(RegistriesConf, Mirrors) {
  auto c = parse(R"(
[[registry]]
prefix = "docker.io"
location = "docker.io"
[[registry.mirror]]
location = "m1.io:5000/hub"
insecure = true
[[registry.mirror]]
location = "m2.io/hub"
pull-from-mirror = "digest-only"
[[registry.mirror]]
location = "m3.io/hub"
pull-from-mirror = "tag-only"

[[registry]]
prefix = "quay.io"
location = "quay.io"
mirror-by-digest-only = true
[[registry.mirror]]
location = "qm.io/quay"
)");
  const RegistryEntry* hub = c.find("docker.io/library/busybox");
  ASSERT_NE(hub, nullptr);
  ASSERT_EQ(hub->mirrors.size(), 3u);
  EXPECT_EQ(hub->mirrors[0].location, "m1.io:5000/hub");
  EXPECT_TRUE(hub->mirrors[0].insecure);
  EXPECT_EQ(hub->mirrors[0].pull_from_mirror, "all");
  EXPECT_EQ(hub->mirrors[1].location, "m2.io/hub");
  EXPECT_FALSE(hub->mirrors[1].insecure);
  EXPECT_EQ(hub->mirrors[1].pull_from_mirror, "digest-only");
  EXPECT_EQ(hub->mirrors[2].pull_from_mirror, "tag-only");
  EXPECT_FALSE(hub->mirror_by_digest_only);
  const RegistryEntry* quay = c.find("quay.io/ns/repo");
  ASSERT_NE(quay, nullptr);
  EXPECT_TRUE(quay->mirror_by_digest_only);
  ASSERT_EQ(quay->mirrors.size(), 1u);
  EXPECT_EQ(quay->mirrors[0].pull_from_mirror, "digest-only");
}

TEST(RegistriesConf, V1Format) {
  auto c = parse(R"(
[registries.search]
registries = ["docker.io"]
[registries.insecure]
registries = ["insecure.io:5000", "lab.local"]
[registries.block]
registries = ["blocked.io"]
)");
  EXPECT_TRUE(c.find("insecure.io:5000/x")->insecure);
  EXPECT_FALSE(c.find("insecure.io:5000/x")->blocked);
  EXPECT_TRUE(c.find("lab.local/ns/x")->insecure);
  EXPECT_TRUE(c.find("blocked.io/x")->blocked);
  EXPECT_FALSE(c.find("blocked.io/x")->insecure);
  // [registries.search] is for short names, which skopeo ignores.
  EXPECT_EQ(c.find("docker.io/library/x"), nullptr);
}

// A registry in both [registries.insecure] and [registries.block] is one
// entry with both flags, as containers/image's ConvertToV2 makes it.
TEST(RegistriesConf, V1InsecureAndBlockedTogether) {
  auto c = parse(R"(
[registries.insecure]
registries = ["both.io"]
[registries.block]
registries = ["both.io"]
)");
  const RegistryEntry* e = c.find("both.io/x");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->blocked);
  EXPECT_TRUE(e->insecure);
}

TEST(RegistriesConf, LaterFileReplacesSamePrefix) {
  RegistriesConf c;
  c.merge_text("[[registry]]\nprefix = \"a.io\"\nlocation = \"old.io\"\ninsecure = true\n", "/one.conf");
  c.merge_text("[[registry]]\nprefix = \"b.io\"\nlocation = \"b.io\"\n", "/two.conf");
  c.merge_text("[[registry]]\nprefix = \"a.io\"\nlocation = \"new.io\"\n", "/three.conf");
  ASSERT_EQ(c.entries().size(), 2u);
  const RegistryEntry* a = c.find("a.io/x");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->location, "new.io");
  EXPECT_FALSE(a->insecure);
  EXPECT_EQ(a->origin, "/three.conf");
}

std::string error_of(const std::string& text, const std::string& origin) {
  try {
    parse(text, origin);
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(RegistriesConf, InvalidTomlNamesOriginAndLine) {
  std::string msg =
      error_of("[[registry]]\nprefix = \"a.io\"\nlocation = = \"b.io\"\n", "/etc/containers/bad.conf");
  EXPECT_NE(msg.find("/etc/containers/bad.conf"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
  msg = error_of("[[registry]\n", "/home/u/.config/containers/registries.conf");
  EXPECT_NE(msg.find("/home/u/.config/containers/registries.conf"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 1"), std::string::npos) << msg;
}

TEST(RegistriesConf, RegistryWithoutPrefixOrLocationIsAnError) {
  std::string msg = error_of("[[registry]]\ninsecure = true\n", "/x/y.conf");
  EXPECT_NE(msg.find("/x/y.conf"), std::string::npos) << msg;
  EXPECT_NE(msg.find("neither prefix nor location"), std::string::npos) << msg;
}

// ----------------------------------------------------------- registry_config_json

// A temporary HOME (for certs.d) and registries.conf per test.
class RegistryConfigJson : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ferry-regconf.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    const char* h = std::getenv("HOME");
    old_home_ = h ? std::optional<std::string>(h) : std::nullopt;
    ::setenv("HOME", dir_.c_str(), 1);
    conf_ = dir_ / "registries.conf";
    ctx_.options["registries-conf"] = conf_.string();
  }
  void TearDown() override {
    if (old_home_)
      ::setenv("HOME", old_home_->c_str(), 1);
    else
      ::unsetenv("HOME");
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write_conf(const std::string& text) {
    std::ofstream out(conf_, std::ios::trunc);
    out << text;
  }
  json config(const std::string& name) { return json::parse(registry_config_json(&ctx_, name)); }

  fs::path dir_, conf_;
  std::optional<std::string> old_home_;
  ferry_context ctx_;
};

const char* kMirrored = R"(
[[registry]]
prefix = "src.io/team"
location = "primary.io:5000/mirror/team"
insecure = true
[[registry.mirror]]
location = "m1.io:5000/cache/team"
[[registry.mirror]]
location = "m2.io/team"
insecure = true
pull-from-mirror = "digest-only"

[[registry]]
prefix = "blocked.io"
location = "blocked.io"
blocked = true
)";

TEST_F(RegistryConfigJson, EndpointsMirrorsFirstPrimaryLast) {
  write_conf(kMirrored);
  json j = config("src.io/team/app");
  EXPECT_EQ(j["blocked"], false);
  ASSERT_EQ(j["endpoints"].size(), 3u) << j.dump();
  const json& e = j["endpoints"];
  EXPECT_EQ(e[0]["name"], "m1.io:5000/cache/team/app");
  EXPECT_EQ(e[0]["mirror"], true);
  EXPECT_EQ(e[0]["insecure"], false);
  EXPECT_EQ(e[0]["pull_from_mirror"], "all");
  EXPECT_EQ(e[1]["name"], "m2.io/team/app");
  EXPECT_EQ(e[1]["mirror"], true);
  EXPECT_EQ(e[1]["insecure"], true);
  EXPECT_EQ(e[1]["pull_from_mirror"], "digest-only");
  EXPECT_EQ(e[2]["name"], "primary.io:5000/mirror/team/app");
  EXPECT_EQ(e[2]["mirror"], false);
  EXPECT_EQ(e[2]["insecure"], true);
  EXPECT_EQ(e[2]["pull_from_mirror"], "all");
  for (const auto& ep : e) EXPECT_FALSE(ep.contains("cert_dir")) << ep.dump();
  ASSERT_TRUE(j["user_agent"].is_string());
  EXPECT_EQ(j["user_agent"].get<std::string>().rfind("ferry/", 0), 0u) << j["user_agent"];
}

TEST_F(RegistryConfigJson, NoEntryGivesTheNameAsIs) {
  write_conf(kMirrored);
  json j = config("other.io/ns/app");
  EXPECT_EQ(j["blocked"], false);
  ASSERT_EQ(j["endpoints"].size(), 1u);
  EXPECT_EQ(j["endpoints"][0]["name"], "other.io/ns/app");
  EXPECT_EQ(j["endpoints"][0]["insecure"], false);
  EXPECT_EQ(j["endpoints"][0]["mirror"], false);
  EXPECT_EQ(j["endpoints"][0]["pull_from_mirror"], "all");
  // "src.io/teamx" is not under "src.io/team".
  EXPECT_EQ(config("src.io/teamx/app")["endpoints"][0]["name"], "src.io/teamx/app");
}

TEST_F(RegistryConfigJson, Blocked) {
  write_conf(kMirrored);
  json j = config("blocked.io/ns/app");
  EXPECT_EQ(j["blocked"], true);
  EXPECT_EQ(j["blocked_by"], conf_.string());
}

TEST_F(RegistryConfigJson, CertDirOption) {
  write_conf(kMirrored);
  ctx_.options["cert-dir"] = "/my/certs";
  json j = config("src.io/team/app");
  ASSERT_EQ(j["endpoints"].size(), 3u);
  for (const auto& ep : j["endpoints"]) EXPECT_EQ(ep["cert_dir"], "/my/certs") << ep.dump();
}

TEST_F(RegistryConfigJson, CertsDInHome) {
  write_conf(kMirrored);
  fs::path d = dir_ / ".config/containers/certs.d/m1.io:5000";
  fs::create_directories(d);
  json j = config("src.io/team/app");
  ASSERT_EQ(j["endpoints"].size(), 3u);
  EXPECT_EQ(j["endpoints"][0]["cert_dir"], d.string());
  EXPECT_FALSE(j["endpoints"][1].contains("cert_dir"));
  // The port must match exactly: primary.io:5000 has none.
  EXPECT_FALSE(j["endpoints"][2].contains("cert_dir"));
}

TEST_F(RegistryConfigJson, TlsVerifyFalseMakesEveryEndpointInsecure) {
  write_conf(kMirrored);
  ctx_.options["tls-verify"] = "false";
  json j = config("src.io/team/app");
  ASSERT_EQ(j["endpoints"].size(), 3u);
  for (const auto& ep : j["endpoints"]) EXPECT_EQ(ep["insecure"], true) << ep.dump();
  EXPECT_EQ(config("other.io/app")["endpoints"][0]["insecure"], true);
  ctx_.options["tls-verify"] = "true";
  EXPECT_EQ(config("other.io/app")["endpoints"][0]["insecure"], false);
  EXPECT_EQ(config("src.io/team/app")["endpoints"][0]["insecure"], false);
}

TEST_F(RegistryConfigJson, MirrorByDigestOnly) {
  write_conf(R"(
[[registry]]
location = "quay.io"
mirror-by-digest-only = true
[[registry.mirror]]
location = "qm.io/quay"
)");
  json j = config("quay.io/ns/app");
  ASSERT_EQ(j["endpoints"].size(), 2u);
  EXPECT_EQ(j["endpoints"][0]["name"], "qm.io/quay/ns/app");
  EXPECT_EQ(j["endpoints"][0]["pull_from_mirror"], "digest-only");
  EXPECT_EQ(j["endpoints"][1]["name"], "quay.io/ns/app");
  EXPECT_EQ(j["endpoints"][1]["pull_from_mirror"], "all");
}

TEST_F(RegistryConfigJson, WildcardWithoutLocationKeepsTheName) {
  write_conf(R"(
[[registry]]
prefix = "*.corp.example"
insecure = true
)");
  json j = config("reg.corp.example/ns/app");
  ASSERT_EQ(j["endpoints"].size(), 1u);
  EXPECT_EQ(j["endpoints"][0]["name"], "reg.corp.example/ns/app");
  EXPECT_EQ(j["endpoints"][0]["insecure"], true);
}

// containers/image rewriteReference: for a wildcard prefix the match is the
// host, and location + the rest of the reference is the new name.
TEST_F(RegistryConfigJson, WildcardMirrorKeepsTheRepositoryPath) {
  write_conf(R"(
[[registry]]
prefix = "*.corp.example"
[[registry.mirror]]
location = "mirror.io/cache"
)");
  json j = config("reg.corp.example/ns/app");
  ASSERT_EQ(j["endpoints"].size(), 2u);
  EXPECT_EQ(j["endpoints"][0]["name"], "mirror.io/cache/ns/app");
  EXPECT_EQ(j["endpoints"][1]["name"], "reg.corp.example/ns/app");
}

TEST_F(RegistryConfigJson, MissingExplicitConfIsAnError) {
  ctx_.options["registries-conf"] = (dir_ / "absent.conf").string();
  try {
    registry_config_json(&ctx_, "a.io/b");
    FAIL() << "no error for a missing --registries-conf";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find((dir_ / "absent.conf").string()), std::string::npos) << e.what();
  }
}

TEST_F(RegistryConfigJson, InvalidConfIsAnError) {
  write_conf("[[registry]]\nprefix = \n");
  try {
    registry_config_json(&ctx_, "a.io/b");
    FAIL() << "no error for an invalid registries.conf";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(conf_.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ferry
