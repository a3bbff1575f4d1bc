// policy.json parsing, row by row of the signing kit's BEHAVIOUR.md 3.1 and
// containers/image's policy_config.go: the first problem in document order,
// in skopeo's words, after `invalid policy in "<file>": `.
#include "policy_kinds.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/policy.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace ferry;

namespace {

const std::string kPrefix = "invalid policy in \"test.json\": ";

// The reason a policy is refused for ("" when it is accepted).
std::string refusal(const std::string& json) {
  try {
    Policy::parse(json, "test.json", test::transport_kinds());
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_INVALID_ARGUMENT);
    const std::string what = e.what();
    EXPECT_EQ(what.rfind(kPrefix, 0), 0u) << what;
    return what.substr(std::min(what.size(), kPrefix.size()));
  }
  return "";
}

// A policy whose default is the one requirement `req`.
std::string with_default(const std::string& req) { return R"({"default":[)" + req + "]}"; }

std::string signed_by(const std::string& members) {
  return with_default(R"({"type":"signedBy",)" + members + "}");
}

struct Row {
  std::string policy;
  std::string message;  // "" for accepted
};

void PrintTo(const Row& r, std::ostream* os) { *os << r.policy; }

class ParseRow : public testing::TestWithParam<Row> {};

TEST_P(ParseRow, GivesSkopeosMessage) { EXPECT_EQ(refusal(GetParam().policy), GetParam().message); }

// BEHAVIOUR.md 3.1, every row.
INSTANTIATE_TEST_SUITE_P(
    Behaviour31, ParseRow,
    testing::Values(
        Row{"{}", "Default policy is missing"},
        Row{R"({"default":[]})", "List of verification policy requirements must not be empty"},
        Row{with_default(R"({"type":"accept"})"), "Unknown policy requirement type \"accept\""},
        Row{with_default(R"({"type":"insecureAcceptAnything","x":1})"), "Unknown key \"x\""},
        Row{R"({"default":[{"type":"reject"}],"foo":1})", "Unknown key \"foo\""},
        Row{R"({"default":[{"type":"reject"}],"default":[{"type":"reject"}]})", "Duplicate key \"default\""},
        Row{signed_by(R"("keyType":"bogus","keyPath":"/k")"), "Unrecognized keyType value \"bogus\""},
        Row{signed_by(R"("keyPath":"/k")"), "invalid keyType \"\""},
        Row{signed_by(R"("keyType":"GPGKeys")"),
            "Exactly one of keyPath, keyPaths and keyData must be specified, none of them present"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","keyData":"")"),
            "Exactly one of keyPath, keyPaths and keyData must be specified, more than one present"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"nope"})"),
            "Unknown policy reference match type \"nope\""},
        Row{signed_by(
                R"("keyType":"GPGKeys","keyPath":"/k",)"
                R"("signedIdentity":{"type":"exactReference","dockerReference":"127.0.0.1:5000/lab/tiny"})"),
            "dockerReference 127.0.0.1:5000/lab/tiny contains neither a tag nor digest"},
        Row{with_default(R"({"type":"sigstoreSigned"})"),
            "At least one of keyPath and keyData must be specified"},
        Row{with_default(R"({"type":"sigstoreSigned","keyPath":"/k","keyData":""})"),
            "keyPath and keyData cannot be used simultaneously"},
        Row{R"({"default":[{"type":"reject"}],"transports":{"oci":{"relative/path":[{"type":"reject"}]}}})",
            "Unknown key \"relative/path\""},
        Row{R"({"default":[{"type":"reject"}],"transports":{"dir":{"/srv/lab/":[{"type":"reject"}]}}})",
            "Unknown key \"/srv/lab/\""},
        Row{R"({"default":[{"type":"reject"}],"transports":{"dir":{"/":[{"type":"reject"}]}}})",
            "Unknown key \"/\""},
        Row{R"({"default":[{"type":"reject"}],"transports":{"docker-archive":{"/srv/x":[{"type":"reject"}]}}})",
            "Unknown key \"/srv/x\""},
        Row{R"({"default":[{"type":"reject"}],"transports":{"docker-daemon":{"sha256:)" +
                std::string(64, 'a') + R"(":[{"type":"reject"}]}}})",
            "Unknown key \"sha256:" + std::string(64, 'a') + "\""},
        Row{R"({"default":[{"type":"reject"}],"transports":{"madeup":{"anything":[{"type":"reject"}]}}})",
            ""}));

// The rest of containers/image's parser, beyond the observed rows.
INSTANTIATE_TEST_SUITE_P(
    Strictness, ParseRow,
    testing::Values(
        // Duplicates anywhere, and data after the document.
        Row{R"({"default":[{"type":"reject","type":"reject"}]})", "Duplicate key \"type\""},
        Row{R"({"default":[{"type":"reject"}],"transports":{"docker":{},"docker":{}}})",
            "Duplicate key \"docker\""},
        Row{"[]", "JSON object expected, got \"[\""},
        Row{R"({"default":{}})", "json: cannot unmarshal object into Go value of type []json.RawMessage"},
        Row{R"({"default":null})", "List of verification policy requirements must not be empty"},
        Row{R"({"default":[{"type":"reject"}],"transports":[]})", "JSON object expected, got \"[\""},
        Row{R"({"default":[{"type":"reject"}],"transports":{"docker":{"":[]}}})",
            "List of verification policy requirements must not be empty"},
        Row{with_default("1"), "json: cannot unmarshal number into Go value of type signature.prCommon"},
        Row{with_default(R"({"type":1})"),
            "json: cannot unmarshal number into Go struct field prCommon.type of type "
            "signature.prTypeIdentifier"},
        Row{with_default(R"({})"), "Unknown policy requirement type \"\""},
        Row{with_default(R"({"Type":"reject"})"), "Unknown key \"Type\""},
        // The first problem in document order wins.
        Row{R"({"foo":1,"default":[]})", "Unknown key \"foo\""},
        Row{R"({"default":[],"foo":1})", "List of verification policy requirements must not be empty"},
        // signedBy in full.
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k")"), ""},
        Row{signed_by(R"("keyType":"signedByGPGKeys","keyPaths":["/a","/b"])"), ""},
        Row{signed_by(R"("keyType":"X509Certificates","keyData":"AAEC")"), ""},
        Row{signed_by(R"("keyType":"signedByX509CAs","keyData":"AAEC")"), ""},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","keyPaths":["/a"])"),
            "Exactly one of keyPath, keyPaths and keyData must be specified, more than one present"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"")"),
            "exactly one of keyPath, keyPaths and keyData must be specified"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPaths":null)"),
            "exactly one of keyPath, keyPaths and keyData must be specified"},
        Row{signed_by(R"("keyType":"GPGKeys","keyData":"not base64!")"),
            "illegal base64 data at input byte 3"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":1)"),
            "json: cannot unmarshal number into Go value of type string"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPaths":"/k")"),
            "json: cannot unmarshal string into Go value of type []string"},
        Row{signed_by(R"("keyType":"GPGKeys","keyData":[1,2,255])"), ""},  // Go reads bytes from numbers too
        Row{signed_by(R"("keyType":"GPGKeys","keyData":[256])"),
            "json: cannot unmarshal number 256 into Go value of type uint8"},
        Row{signed_by(R"("keyType":"GPGKeys","keyData":["a"])"),
            "json: cannot unmarshal string into Go value of type uint8"},
        Row{signed_by(R"("keyType":"GPGKeys","keyData":{})"),
            "json: cannot unmarshal object into Go value of type []uint8"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","extra":true)"), "Unknown key \"extra\""},
        // sigstoreSigned and signedBaseLayer.
        Row{with_default(R"({"type":"sigstoreSigned","keyPath":"/k.pub"})"), ""},
        Row{with_default(
                R"({"type":"sigstoreSigned","keyData":"AAEC","signedIdentity":{"type":"matchRepository"}})"),
            ""},
        Row{with_default(R"({"type":"sigstoreSigned","keyPaths":["/k"]})"), "Unknown key \"keyPaths\""},
        Row{with_default(R"({"type":"signedBaseLayer","baseLayerIdentity":{"type":"matchExact"}})"), ""},
        Row{with_default(R"({"type":"signedBaseLayer"})"),
            "Key \"baseLayerIdentity\" missing in a JSON object"},
        // The six signedIdentity kinds.
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchExact"})"), ""},
        Row{signed_by(
                R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchRepoDigestOrExact"})"),
            ""},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchRepository"})"),
            ""},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchExact","x":1})"),
            "Unknown key \"x\""},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k",)"
                      R"("signedIdentity":{"type":"exactReference","dockerReference":"busybox:1"})"),
            ""},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"exactReference"})"),
            "Key \"dockerReference\" missing in a JSON object"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k",)"
                      R"("signedIdentity":{"type":"exactRepository","dockerRepository":"busybox"})"),
            ""},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity",)"
                      R"("prefix":"127.0.0.1:5000/mirror","signedPrefix":"registry.example.com/lab"})"),
            ""},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity",)"
                      R"("prefix":"mirror","signedPrefix":"registry.example.com"})"),
            ""},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity",)"
                      R"("prefix":"example.com/Repo","signedPrefix":"registry.example.com"})"),
            "prefix \"example.com/Repo\" is not valid"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity",)"
                      R"("prefix":"example.com","signedPrefix":"example.com/repo:tag"})"),
            "prefix \"example.com/repo:tag\" is not valid"},
        Row{signed_by(R"("keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity",)"
                      R"("prefix":"example.com"})"),
            "Key \"signedPrefix\" missing in a JSON object"}));

// Scope validation per kind: valid scopes load, invalid ones are unknown keys.
class ScopeRow : public testing::TestWithParam<std::tuple<std::string, std::string, bool>> {};

TEST_P(ScopeRow, IsValidatedByItsTransportKind) {
  const auto& [transport, scope, valid] = GetParam();
  const std::string json = R"({"default":[{"type":"reject"}],"transports":{")" + transport + R"(":{")" +
                           scope + R"(":[{"type":"reject"}]}}})";
  EXPECT_EQ(refusal(json), valid ? "" : "Unknown key \"" + scope + "\"") << transport << " " << scope;
}

const std::string kId(64, 'b');

INSTANTIATE_TEST_SUITE_P(
    Scopes, ScopeRow,
    testing::Values(
        std::tuple{"docker", "", true}, std::tuple{"docker", "anything at all", true},
        std::tuple{"docker", "*.example.com", true}, std::tuple{"oci", "/srv/fx/oci/tiny:latest", true},
        std::tuple{"oci", "/srv/a/../b", false}, std::tuple{"oci", "/srv//b", false},
        std::tuple{"oci", "/srv/./b", false}, std::tuple{"oci-archive", "/srv/x.tar", true},
        std::tuple{"dir", "/srv/lab", true}, std::tuple{"dir", "", true},
        std::tuple{"docker-archive", "", true}, std::tuple{"docker-daemon", "busybox:latest", true},
        std::tuple{"docker-daemon", "sha256:abc", true},  // not a valid digest: just never matches
        std::tuple{"docker-daemon", "sha512:" + std::string(128, 'c'), false},
        std::tuple{"containers-storage", "[overlay@/var/lib/containers/storage]", true},
        std::tuple{"containers-storage", "[/var/lib/containers/storage]", true},
        std::tuple{"containers-storage", "[overlay@/var/lib/s]docker.io/library/busybox:latest", true},
        std::tuple{"containers-storage", "[overlay@/var/lib/s]busybox@" + kId, true},
        std::tuple{"containers-storage", "[overlay@/var/lib/s]busybox@sha256:" + kId + "@" + kId, true},
        std::tuple{"containers-storage", "[overlay@/var/lib/s]busybox@nothex", false},
        std::tuple{"containers-storage", "[overlay@relative]", false},
        std::tuple{"containers-storage", "[]", false},
        std::tuple{"containers-storage", "docker.io/library/busybox", false}));

TEST(PolicyParse, SyntaxErrorsAreReportedForTheFile) {
  EXPECT_NE(refusal("{").find("not valid JSON"), std::string::npos);
  EXPECT_NE(refusal(R"({"default":[{"type":"reject"}})").find("not valid JSON"), std::string::npos);
}

TEST(PolicyParse, DataAfterTheDocumentIsNamedAsGoDoes) {
  EXPECT_EQ(refusal(R"({"default":[{"type":"reject"}]} {})"), "invalid character '{' after top-level value");
  EXPECT_EQ(refusal(" {\"default\":[{\"type\":\"reject\"}]}\n\n x"),
            "invalid character 'x' after top-level value");
  // Brackets and braces inside strings do not end the document early.
  EXPECT_EQ(
      refusal(R"({"default":[{"type":"reject"}],"transports":{"x":{"}]\"{":[{"type":"reject"}]}}}true)"),
      "invalid character 't' after top-level value");
  EXPECT_EQ(refusal(R"([] [])"), "invalid character '[' after top-level value");
  // An error inside the document comes first.
  EXPECT_NE(refusal(R"({"default":tru} x)").find("not valid JSON"), std::string::npos);
}

TEST(PolicyParse, BadReferencesInIdentitiesAreWordedAsDockerReferenceDoes) {
  EXPECT_EQ(
      refusal(signed_by(R"("keyType":"GPGKeys","keyPath":"/k",)"
                        R"("signedIdentity":{"type":"exactRepository","dockerRepository":"Upper/Case"})")),
      "Invalid format of dockerRepository Upper/Case: invalid reference format: repository name must be "
      "lowercase");
  EXPECT_EQ(refusal(signed_by(R"("keyType":"GPGKeys","keyPath":"/k",)"
                              R"("signedIdentity":{"type":"exactReference","dockerReference":"a:b:c"})")),
            "Invalid format of dockerReference a:b:c: invalid reference format");
  EXPECT_EQ(
      refusal(signed_by(R"("keyType":"GPGKeys","keyPath":"/k",)"
                        R"("signedIdentity":{"type":"exactRepository","dockerRepository":""})")),
      "Invalid format of dockerRepository : invalid reference format");  // "" reads as docker.io/library/
}

TEST(PolicyParse, KeepsWhatItRead) {
  const Policy p = Policy::parse(
      R"({"default":[{"type":"signedBy","keyType":"GPGKeys","keyPaths":["/a","/b"],
          "signedIdentity":{"type":"remapIdentity","prefix":"m.example/x","signedPrefix":"r.example/y"}}],
          "transports":{"docker":{"r.example":[{"type":"sigstoreSigned","keyData":"AAEC"}]}}})",
      "test.json", test::transport_kinds());
  const auto& d = p.requirements_for("oci", PolicyScopeKind::path, "/x");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].type, "signedBy");
  EXPECT_EQ(d[0].key_type, "GPGKeys");
  EXPECT_EQ(d[0].key_paths, (std::vector<std::string>{"/a", "/b"}));
  EXPECT_FALSE(d[0].key_path);
  EXPECT_EQ(d[0].signed_identity.type, "remapIdentity");
  EXPECT_EQ(d[0].signed_identity.prefix, "m.example/x");
  EXPECT_EQ(d[0].signed_identity.signed_prefix, "r.example/y");
  const auto& r = p.requirements_for("docker", PolicyScopeKind::registry, "r.example/a:1");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].type, "sigstoreSigned");
  EXPECT_EQ(r[0].key_data, std::string("\x00\x01\x02", 3));
  EXPECT_EQ(r[0].signed_identity.type, "matchRepoDigestOrExact");  // the default
}

TEST(PolicyParse, WithoutScopeKindsNoScopeIsChecked) {
  // A transport nobody declared (no plugin installed for it): accepted as written.
  EXPECT_NO_THROW(Policy::parse(
      R"({"default":[{"type":"reject"}],"transports":{"dir":{"relative":[{"type":"reject"}]}}})", "t"));
}

class PolicyFile : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ferry-policy-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(PolicyFile, MissingFileIsWordedAsSkopeo) {
  try {
    Policy::load(dir_ / "nonexistent.json");
    FAIL() << "a missing policy file was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "open " + (dir_ / "nonexistent.json").string() + ": no such file or directory");
    EXPECT_EQ(e.code(), FERRY_E_IO);
  }
}

TEST_F(PolicyFile, ErrorsNameTheFile) {
  const auto file = dir_ / "policy.json";
  std::ofstream(file) << R"({"default":[{"type":"reject"}],"default":[]})";
  try {
    Policy::load(file);
    FAIL() << "a duplicate key was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "invalid policy in \"" + file.string() + "\": Duplicate key \"default\"");
  }
  std::ofstream(file) << R"({"default":[{"type":"insecureAcceptAnything"}]})";
  EXPECT_EQ(Policy::load(file).requirements_for("dir", PolicyScopeKind::path, "/x")[0].type,
            "insecureAcceptAnything");
}

TEST_F(PolicyFile, TheUsersFileComesBeforeTheSystemOne) {
  const char* old_home = std::getenv("HOME");
  const std::string saved = old_home ? old_home : "";
  setenv("HOME", dir_.c_str(), 1);
  std::filesystem::create_directories(dir_ / ".config/containers");
  std::ofstream(dir_ / ".config/containers/policy.json") << R"({"default":[{"type":"reject"}]})";
  const Policy p = Policy::load_default("");
  EXPECT_EQ(p.requirements_for("dir", PolicyScopeKind::path, "/x")[0].type, "reject");
  // --policy wins over both.
  std::ofstream(dir_ / "explicit.json") << R"({"default":[{"type":"insecureAcceptAnything"}]})";
  EXPECT_EQ(Policy::load_default((dir_ / "explicit.json").string())
                .requirements_for("dir", PolicyScopeKind::path, "/x")[0]
                .type,
            "insecureAcceptAnything");
  if (old_home)
    setenv("HOME", saved.c_str(), 1);
  else
    unsetenv("HOME");
}

}  // namespace
