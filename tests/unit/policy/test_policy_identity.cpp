// signedIdentity, row by row of BEHAVIOUR.md 3.3 (observed with skopeo 1.9.3
// pulling docker://127.0.0.1:5000/lab/tiny, signature identity
// 127.0.0.1:5000/lab/tiny:v1 unless a row says otherwise), and 5.2.
#include "config/policy/policy_identity.hpp"

#include <gtest/gtest.h>

using namespace ferry;
using ferry::policy::identity_matches;

namespace {

const std::string kReg = "127.0.0.1:5000";
const std::string kDigest = "sha256:9de7f29e3a350d70150867ce512e24ad45213a1a882bddb1b25769af6a2320f8";
const std::string kSigned = kReg + "/lab/tiny:v1";

SignedIdentity of(const std::string& type, const std::string& a = "", const std::string& b = "") {
  SignedIdentity id;
  id.type = type;
  if (type == "exactReference") id.docker_reference = a;
  if (type == "exactRepository") id.docker_repository = a;
  if (type == "remapIdentity") {
    id.prefix = a;
    id.signed_prefix = b;
  }
  return id;
}

struct Row {
  const char* what;
  SignedIdentity rule;
  std::optional<std::string> image;  // the image's own docker reference
  std::string signature;             // the identity the signature claims
  bool accepted;
};

void PrintTo(const Row& r, std::ostream* os) { *os << r.what; }

class IdentityRow : public testing::TestWithParam<Row> {};

TEST_P(IdentityRow, MatchesAsSkopeo) {
  const Row& r = GetParam();
  EXPECT_EQ(identity_matches(r.rule, r.image, r.signature), r.accepted) << r.what;
}

INSTANTIATE_TEST_SUITE_P(
    Behaviour33, IdentityRow,
    testing::Values(
        Row{"default", SignedIdentity{}, kReg + "/lab/tiny:v1", kSigned, true},
        Row{"repoDigest by digest", of("matchRepoDigestOrExact"), kReg + "/lab/tiny@" + kDigest, kSigned,
            true},
        Row{"repoDigest other tag", of("matchRepoDigestOrExact"), kReg + "/lab/tiny:v2", kSigned, false},
        Row{"exact", of("matchExact"), kReg + "/lab/tiny:v1", kSigned, true},
        Row{"exact by digest", of("matchExact"), kReg + "/lab/tiny@" + kDigest, kSigned, false},
        Row{"exact other tag", of("matchExact"), kReg + "/lab/tiny:v2", kSigned, false},
        Row{"repository", of("matchRepository"), kReg + "/lab/tiny:v2", kSigned, true},
        Row{"exactReference ignores the image", of("exactReference", kReg + "/lab/tiny:v1"),
            kReg + "/lab/tiny:v2", kSigned, true},
        Row{"exactReference other", of("exactReference", kReg + "/lab/tiny:v2"), kReg + "/lab/tiny:v1",
            kSigned, false},
        Row{"exactRepository", of("exactRepository", kReg + "/lab/tiny"), kReg + "/lab/tiny:v2", kSigned,
            true},
        Row{"exactRepository other", of("exactRepository", kReg + "/other/tiny"), kReg + "/lab/tiny:v1",
            kSigned, false},
        Row{"default, signed elsewhere", SignedIdentity{}, kReg + "/mirror/tiny:v1",
            "registry.example.com/lab/tiny:v1", false},
        Row{"remap", of("remapIdentity", kReg + "/mirror", "registry.example.com/lab"),
            kReg + "/mirror/tiny:v1", "registry.example.com/lab/tiny:v1", true},
        Row{"remap by digest", of("remapIdentity", kReg + "/mirror", "registry.example.com/lab"),
            kReg + "/mirror/tiny@" + kDigest, "registry.example.com/lab/tiny:v1", true},
        Row{"remap not at a / boundary", of("remapIdentity", kReg + "/mir", "registry.example.com/lab"),
            kReg + "/mirror/tiny:v1", "registry.example.com/lab/tiny:v1", false},
        Row{"remap rewrites the image's name", of("remapIdentity", kReg, "registry.example.com"),
            kReg + "/lab/tiny:v1", kSigned, false},
        Row{"remap without a match falls back", of("remapIdentity", kReg + "/other", "registry.example.com"),
            kReg + "/lab/tiny:v1", kSigned, true},
        Row{"remap prefix read as a host", of("remapIdentity", "mirror", "registry.example.com/lab"),
            kReg + "/mirror/tiny:v1", "registry.example.com/lab/tiny:v1", false}));

INSTANTIATE_TEST_SUITE_P(
    Beyond, IdentityRow,
    testing::Values(
        // dir: and oci: images have no name: only the exact kinds can match.
        Row{"no name, default", SignedIdentity{}, std::nullopt, kSigned, false},
        Row{"no name, repository", of("matchRepository"), std::nullopt, kSigned, false},
        Row{"no name, exactReference", of("exactReference", kSigned), std::nullopt, kSigned, true},
        Row{"no name, exactRepository", of("exactRepository", kReg + "/lab/tiny"), std::nullopt, kSigned,
            true},
        // Short names are normalized on both sides.
        Row{"normalized", SignedIdentity{}, "docker.io/library/busybox:latest", "busybox:latest", true},
        Row{"exactReference normalized", of("exactReference", "busybox:1"), std::nullopt,
            "docker.io/library/busybox:1", true},
        // A signature must name a tag or digest, except for the repository kinds (cosign's form, 5.2).
        Row{"cosign repository identity, default", SignedIdentity{}, kReg + "/lab/tiny:v1",
            kReg + "/lab/tiny", false},
        Row{"cosign repository identity, matchRepository", of("matchRepository"), kReg + "/lab/tiny:v1",
            kReg + "/lab/tiny", true},
        Row{"cosign repository identity, exactRepository", of("exactRepository", kReg + "/lab/tiny"),
            kReg + "/lab/tiny:v1", kReg + "/lab/tiny", true},
        Row{"exactReference needs a tag on the signature", of("exactReference", kSigned), std::nullopt,
            kReg + "/lab/tiny", false},
        Row{"unparseable signature identity", SignedIdentity{}, kReg + "/lab/tiny:v1", "Not A Reference",
            false},
        Row{"tag and digest together are one string", of("matchExact"), kReg + "/lab/tiny:v1@" + kDigest,
            kReg + "/lab/tiny:v1@" + kDigest, true},
        Row{"repoDigest, tag and digest image needs the whole string", of("matchRepoDigestOrExact"),
            kReg + "/lab/tiny:v1@" + kDigest, kSigned, false}));

TEST(RemapPrefix, IsADomainOrANameStartingWithOne) {
  for (const char* ok : {"example.com", "127.0.0.1:5000", "127.0.0.1:5000/mirror", "mirror", "ns/repo",
                         "registry.example.com/lab/sub"})
    EXPECT_TRUE(policy::valid_remap_prefix(ok)) << ok;
  for (const char* bad : {"", "example.com/Upper", "example.com/repo:tag", "example.com/", "-bad.com", "a@b"})
    EXPECT_FALSE(policy::valid_remap_prefix(bad)) << bad;
}

}  // namespace
