// Scopes and precedence, row by row of BEHAVIOUR.md 3.4: the identity, then
// its namespaces (most specific first), then the transport's "", then the
// default; each kind of transport with its own namespaces.
#include "config/policy/policy_scopes.hpp"
#include "fake_transport.hpp"
#include "policy_kinds.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/policy.hpp>

#include <gtest/gtest.h>

using namespace ferry;

namespace {

const std::string kDigest = "sha256:9de7f29e3a350d70150867ce512e24ad45213a1a882bddb1b25769af6a2320f8";
using Names = std::vector<std::string>;

TEST(ScopeNamespaces, RegistryNamesGoUpToTheHostThenWildcards) {
  EXPECT_EQ(
      policy::scope_namespaces(PolicyScopeKind::registry, "127.0.0.1:5000/lab/tiny:v1"),
      (Names{"127.0.0.1:5000/lab/tiny", "127.0.0.1:5000/lab", "127.0.0.1:5000", "*.0.0.1", "*.0.1", "*.1"}));
  EXPECT_EQ(policy::scope_namespaces(PolicyScopeKind::registry, "docker.io/library/busybox@" + kDigest),
            (Names{"docker.io/library/busybox", "docker.io/library", "docker.io", "*.io"}));
  EXPECT_EQ(policy::scope_namespaces(PolicyScopeKind::name_or_id, "localhost/a:1"),
            (Names{"localhost/a", "localhost"}));
  EXPECT_EQ(policy::scope_namespaces(PolicyScopeKind::name_or_id, ""), Names{});  // an image named by ID
}

TEST(ScopeNamespaces, PathsGoUpToButNotIncludingTheRoot) {
  EXPECT_EQ(policy::scope_namespaces(PolicyScopeKind::path, "/srv/fx/oci/tiny"),
            (Names{"/srv/fx/oci", "/srv/fx", "/srv"}));
  EXPECT_EQ(policy::scope_namespaces(PolicyScopeKind::path, "/srv"), Names{});
}

TEST(ScopeNamespaces, OthersHaveNone) {
  EXPECT_EQ(policy::scope_namespaces(PolicyScopeKind::none, "x"), Names{});
  EXPECT_EQ(policy::scope_namespaces(PolicyScopeKind::opaque, "a/b/c"), Names{});
}

TEST(ScopeNamespaces, StoresGoFromTheImageToTheStoreAndItsRoot) {
  const std::string id(64, 'a'), store = "[overlay@/var/lib/s]";
  EXPECT_EQ(
      policy::scope_namespaces(PolicyScopeKind::store, store + "docker.io/library/busybox:latest@" + id),
      (Names{store + "docker.io/library/busybox:latest", store + "docker.io/library/busybox",
             store + "docker.io/library", store + "docker.io", store, "[/var/lib/s]"}));
  EXPECT_EQ(policy::scope_namespaces(PolicyScopeKind::store, store + "example.com/a:1@" + kDigest),
            (Names{store + "example.com/a:1", store + "example.com/a", store + "example.com", store,
                   "[/var/lib/s]"}));
  EXPECT_EQ(policy::scope_namespaces(PolicyScopeKind::store, store + "@" + id),
            (Names{store, "[/var/lib/s]"}));
}

// The precedence rows, through Policy::check with references as the plugins report them.
struct Row {
  const char* what;
  std::string policy;
  std::string transport;
  std::string text;      // after "transport:"
  std::string identity;  // the plugin's policy_scope
  bool accepted;
};

void PrintTo(const Row& r, std::ostream* os) { *os << r.what; }

class PrecedenceRow : public testing::TestWithParam<Row> {};

uint32_t flags_of(const std::string& transport) {
  switch (test::transport_kinds().at(transport)) {
    case PolicyScopeKind::registry:
      return FERRY_TRANSPORT_POLICY_SCOPE_REGISTRY;
    case PolicyScopeKind::path:
      return FERRY_TRANSPORT_POLICY_SCOPE_PATH;
    default:
      return 0;
  }
}

TEST_P(PrecedenceRow, PicksTheMostSpecificScope) {
  const Row& r = GetParam();
  const Policy p = Policy::parse(r.policy, "test.json", test::transport_kinds());
  test::FakeTransport t(r.transport, flags_of(r.transport));
  const auto ref = t.reference(r.text, std::nullopt, r.identity);
  bool accepted = true;
  try {
    p.check(ref);
  } catch (const Error& e) {
    accepted = false;
    EXPECT_EQ(std::string(e.what()), "Source image rejected: Running image " + r.transport + ":" + r.text +
                                         " is rejected by policy.");
    EXPECT_EQ(e.code(), FERRY_E_UNAUTHORIZED);
  }
  EXPECT_EQ(accepted, r.accepted) << r.what;
}

const std::string A = R"([{"type":"insecureAcceptAnything"}])";
const std::string R = R"([{"type":"reject"}])";
std::string docker_policy(const std::string& scopes, const std::string& def = R) {
  return R"({"default":)" + def + R"(,"transports":{"docker":{)" + scopes + "}}}";
}
std::string scope(const std::string& s, const std::string& reqs) { return "\"" + s + "\":" + reqs; }
const std::string kReg = "127.0.0.1:5000";
const std::string kV1 = kReg + "/lab/tiny:v1";

INSTANTIATE_TEST_SUITE_P(
    Behaviour34, PrecedenceRow,
    testing::Values(
        Row{"exact identity wins",
            docker_policy(scope(kV1, A) + "," + scope(kReg + "/lab", R) + "," + scope("", R)), "docker",
            "//" + kV1, kV1, true},
        Row{"another tag", docker_policy(scope(kReg + "/lab/tiny:v2", A) + "," + scope(kReg + "/lab", R)),
            "docker", "//" + kV1, kV1, false},
        Row{"repository", docker_policy(scope(kReg + "/lab/tiny", A) + "," + scope(kReg + "/lab", R)),
            "docker", "//" + kV1, kV1, true},
        Row{"repository beats namespace",
            docker_policy(scope(kReg + "/lab/tiny", R) + "," + scope(kReg + "/lab", A)), "docker", "//" + kV1,
            kV1, false},
        Row{"namespace beats host", docker_policy(scope(kReg + "/lab", A) + "," + scope(kReg, R)), "docker",
            "//" + kV1, kV1, true},
        Row{"host:port", docker_policy(scope(kReg, A)), "docker", "//" + kV1, kV1, true},
        Row{"the port is part of the host", docker_policy(scope("127.0.0.1", A)), "docker", "//" + kV1, kV1,
            false},
        Row{"wildcard without the port", docker_policy(scope("*.0.0.1", A)), "docker", "//" + kV1, kV1, true},
        Row{"transport default", docker_policy(scope("", A)), "docker", "//" + kV1, kV1, true},
        Row{"empty transport falls to the default", docker_policy("", A), "docker", "//" + kV1, kV1, true},
        Row{"transport default beats the global one", docker_policy(scope("", R), A), "docker", "//" + kV1,
            kV1, false},
        Row{"digest scope", docker_policy(scope(kReg + "/lab/tiny@" + kDigest, A)), "docker",
            "//" + kReg + "/lab/tiny@" + kDigest, kReg + "/lab/tiny@" + kDigest, true},
        Row{"digest scope, tag pull", docker_policy(scope(kReg + "/lab/tiny@" + kDigest, A)), "docker",
            "//" + kV1, kV1, false},
        Row{"oci layout directory",
            R"({"default":[{"type":"reject"}],"transports":{"oci":{"/srv/fx/oci/tiny":)" + A + "}}}", "oci",
            "/srv/fx/oci/tiny:latest", "/srv/fx/oci/tiny", true},
        Row{"oci parent", R"({"default":[{"type":"reject"}],"transports":{"oci":{"/srv/fx/oci":)" + A + "}}}",
            "oci", "/srv/fx/oci/tiny:latest", "/srv/fx/oci/tiny", true},
        Row{"oci scope with a tag never matches",
            R"({"default":[{"type":"reject"}],"transports":{"oci":{"/srv/fx/oci/tiny:latest":)" + A + "}}}",
            "oci", "/srv/fx/oci/tiny:latest", "/srv/fx/oci/tiny", false},
        Row{"dir itself", R"({"default":[{"type":"reject"}],"transports":{"dir":{"/srv/lab/d1":)" + A + "}}}",
            "dir", "/srv/lab/d1", "/srv/lab/d1", true},
        Row{"dir parent", R"({"default":[{"type":"reject"}],"transports":{"dir":{"/srv/lab":)" + A + "}}}",
            "dir", "/srv/lab/d1", "/srv/lab/d1", true},
        Row{"dir sibling", R"({"default":[{"type":"reject"}],"transports":{"dir":{"/srv/lab/d":)" + A + "}}}",
            "dir", "/srv/lab/d1", "/srv/lab/d1", false},
        Row{"unknown transport never matches",
            R"({"default":[{"type":"reject"}],"transports":{"madeup":{"anything":)" + A + "}}}", "dir",
            "/srv/lab/d1", "/srv/lab/d1", false}));

TEST(Precedence, AnUndeclaredKindMatchesOnlyTheExactIdentity) {
  const Policy p = Policy::parse(
      R"({"default":[{"type":"reject"}],"transports":{"thirdparty":{"a/b":[{"type":"insecureAcceptAnything"}]}}})",
      "test.json");
  EXPECT_EQ(p.requirements_for("thirdparty", PolicyScopeKind::opaque, "a/b")[0].type,
            "insecureAcceptAnything");
  EXPECT_EQ(p.requirements_for("thirdparty", PolicyScopeKind::opaque, "a/b/c")[0].type, "reject");
}

TEST(Precedence, FlagsNameTheKind) {
  EXPECT_EQ(policy_scope_kind(FERRY_TRANSPORT_REPOSITORY_TAGS | FERRY_TRANSPORT_POLICY_SCOPE_REGISTRY),
            PolicyScopeKind::registry);
  EXPECT_EQ(policy_scope_kind(FERRY_TRANSPORT_POLICY_SCOPE_PATH), PolicyScopeKind::path);
  EXPECT_EQ(policy_scope_kind(FERRY_TRANSPORT_POLICY_SCOPE_NONE), PolicyScopeKind::none);
  EXPECT_EQ(policy_scope_kind(FERRY_TRANSPORT_POLICY_SCOPE_NAME_OR_ID), PolicyScopeKind::name_or_id);
  EXPECT_EQ(policy_scope_kind(FERRY_TRANSPORT_POLICY_SCOPE_STORE), PolicyScopeKind::store);
  EXPECT_EQ(policy_scope_kind(FERRY_TRANSPORT_REPOSITORY_TAGS), PolicyScopeKind::opaque);
}

}  // namespace
