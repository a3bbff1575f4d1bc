// Docker reference parsing and normalization.
#include <ferry/docker_reference/docker_reference.hpp>
#include <ferry/core/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace ferry {
namespace {

const std::string kDigest = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

// The message of the INVALID_ARGUMENT error parsing `text` throws.
std::string parse_error(const std::string& text, bool allow_tag_and_digest = false) {
  try {
    DockerReference::parse(text, {.allow_tag_and_digest = allow_tag_and_digest});
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_INVALID_ARGUMENT) << text;
    return e.what();
  }
  ADD_FAILURE() << "parsing \"" << text << "\" did not fail";
  return {};
}

TEST(DockerReference, ShortNameGoesToDockerHubLibrary) {
  const auto ref = DockerReference::parse("busybox");
  EXPECT_EQ(ref.domain, "docker.io");
  EXPECT_EQ(ref.path, "library/busybox");
  EXPECT_FALSE(ref.tag.has_value());
  EXPECT_FALSE(ref.digest.has_value());
  EXPECT_EQ(ref.str(), "docker.io/library/busybox");
  EXPECT_EQ(ref.with_default_tag().str(), "docker.io/library/busybox:latest");
  EXPECT_EQ(ref.repository(), "docker.io/library/busybox");
}

TEST(DockerReference, LocalhostWithPortIsADomain) {
  const auto ref = DockerReference::parse("localhost:5000/foo");
  EXPECT_EQ(ref.domain, "localhost:5000");
  EXPECT_EQ(ref.path, "foo");
  EXPECT_EQ(ref.with_default_tag().str(), "localhost:5000/foo:latest");
  EXPECT_EQ(DockerReference::parse("localhost/foo").domain, "localhost");
}

TEST(DockerReference, FirstComponentIsADomainOnlyWithDotColonOrLocalhost) {
  const auto hub = DockerReference::parse("foo/bar:1.0");
  EXPECT_EQ(hub.domain, "docker.io");
  EXPECT_EQ(hub.path, "foo/bar");
  EXPECT_EQ(hub.tag, "1.0");
  const auto quay = DockerReference::parse("quay.io/org/app:v1");
  EXPECT_EQ(quay.domain, "quay.io");
  EXPECT_EQ(quay.path, "org/app");
  EXPECT_EQ(DockerReference::parse("Registry.Example.com/x").domain, "Registry.Example.com");
  EXPECT_EQ(DockerReference::parse("[::1]:5000/foo").domain, "[::1]:5000");
}

TEST(DockerReference, DockerHubSpellingsAreNormalized) {
  EXPECT_EQ(DockerReference::parse("index.docker.io/library/busybox").str(), "docker.io/library/busybox");
  EXPECT_EQ(DockerReference::parse("docker.io/busybox:1.36").str(), "docker.io/library/busybox:1.36");
  EXPECT_EQ(DockerReference::parse("index.docker.io/busybox").path, "library/busybox");
}

TEST(DockerReference, PortLikeSuffixWithoutSlashIsATag) {
  const auto ref = DockerReference::parse("foo:5000");
  EXPECT_EQ(ref.str(), "docker.io/library/foo:5000");
}

TEST(DockerReference, DigestReferences) {
  const auto ref = DockerReference::parse("busybox@" + kDigest);
  EXPECT_EQ(ref.digest, kDigest);
  EXPECT_FALSE(ref.tag.has_value());
  EXPECT_EQ(ref.with_default_tag().str(), "docker.io/library/busybox@" + kDigest);
}

TEST(DockerReference, TagAndDigestTogether) {
  EXPECT_EQ(parse_error("busybox:latest@" + kDigest),
            "invalid reference \"busybox:latest@" + kDigest +
                "\": Docker references with both a tag and digest are currently not supported");
  const auto both = DockerReference::parse("busybox:latest@" + kDigest, {.allow_tag_and_digest = true});
  EXPECT_EQ(both.str(), "docker.io/library/busybox:latest@" + kDigest);
}

TEST(DockerReference, FamiliarFormDropsWhatDockerHubImplies) {
  EXPECT_EQ(DockerReference::parse("busybox:1").familiar(), "busybox:1");
  EXPECT_EQ(DockerReference::parse("docker.io/library/x/y").familiar(), "library/x/y");
  EXPECT_EQ(DockerReference::parse("someone/app@" + kDigest).familiar(), "someone/app@" + kDigest);
  EXPECT_EQ(DockerReference::parse("localhost:5000/a:b").familiar(), "localhost:5000/a:b");
}

TEST(DockerReference, ErrorsNameWhatWasBeingRead) {
  try {
    DockerReference::parse("Bad", {.what = "RepoTags entry in x.tar"});
    FAIL() << "parsed";
  } catch (const ferry::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "invalid RepoTags entry in x.tar \"Bad\": repository name must be lowercase");
  }
}

TEST(DockerReference, UpperCaseFirstComponentIsARegistryAndImageIdsAreNoNames) {
  // distribution treats a first component with upper case as a host name.
  EXPECT_EQ(DockerReference::parse("Example/app").domain, "Example");
  EXPECT_TRUE(is_image_id(std::string(64, 'a')));
  EXPECT_FALSE(is_image_id(std::string(64, 'A')));
  EXPECT_NE(parse_error(std::string(64, 'a')).find("64-byte hexadecimal"), std::string::npos);
}

TEST(DockerReference, UpperCaseRepositoryIsRejected) {
  EXPECT_EQ(parse_error("Busybox"), "invalid reference \"Busybox\": repository name must be lowercase");
  EXPECT_EQ(parse_error("quay.io/Org/app"),
            "invalid reference \"quay.io/Org/app\": repository name must be lowercase");
  // Tags may use upper case.
  EXPECT_EQ(DockerReference::parse("busybox:Latest").tag, "Latest");
}

TEST(DockerReference, PathComponentGrammar) {
  EXPECT_EQ(DockerReference::parse("a__b/c-----d/e.f_g").path, "a__b/c-----d/e.f_g");
  for (const char* bad : {"a..b", "a._b", "-a", "a-", "a___b", "a//b", "quay.io/", "a/"}) {
    EXPECT_NE(parse_error(bad).find(std::string("\"") + bad + "\""), std::string::npos) << bad;
  }
}

TEST(DockerReference, BadTagsAndDigests) {
  EXPECT_NE(parse_error("busybox:-x").find("invalid tag \"-x\""), std::string::npos);
  EXPECT_NE(parse_error("busybox:" + std::string(129, 'a')).find("invalid tag"), std::string::npos);
  EXPECT_EQ(DockerReference::parse("busybox:" + std::string(128, 'a')).tag->size(), 128u);
  EXPECT_NE(parse_error("busybox@sha256:abc").find("invalid digest \"sha256:abc\""), std::string::npos);
  EXPECT_NE(parse_error("my_host.com/foo").find("invalid domain \"my_host.com\""), std::string::npos);
  EXPECT_NE(parse_error("host.com:port/foo").find("invalid domain"), std::string::npos);
}

TEST(DockerReference, EmptyLongAndHexNames) {
  EXPECT_NE(parse_error("").find("invalid reference \"\""), std::string::npos);
  // docker.io/ + 246 characters is 256: one too many.
  EXPECT_NE(parse_error("docker.io/a/" + std::string(244, 'b')).find("255 characters"), std::string::npos);
  EXPECT_NO_THROW(DockerReference::parse("docker.io/a/" + std::string(243, 'b')));
  EXPECT_NE(parse_error(std::string(64, 'a')).find("64-byte hexadecimal"), std::string::npos);
}

TEST(DockerReference, IsValidTag) {
  EXPECT_TRUE(is_valid_tag("latest"));
  EXPECT_TRUE(is_valid_tag("_v1.0-rc.1"));
  EXPECT_TRUE(is_valid_tag("V1"));
  EXPECT_FALSE(is_valid_tag(""));
  EXPECT_FALSE(is_valid_tag(".hidden"));
  EXPECT_FALSE(is_valid_tag("a:b"));
  EXPECT_FALSE(is_valid_tag(std::string(129, 'x')));
}

}  // namespace
}  // namespace ferry
