// The host platform, and choosing a list instance for a platform.
#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>

#include <gtest/gtest.h>

#include <sys/utsname.h>

#include <string>

namespace ferry {
namespace {

Descriptor instance(const std::string& arch, const std::string& variant, const std::string& os = "linux") {
  Descriptor d;
  d.media_type = "application/vnd.oci.image.manifest.v1+json";
  d.size = 401;
  d.platform = Platform{os, arch, variant, "", {}};
  return d;
}

Platform want(const std::string& arch, const std::string& variant, const std::string& os = "linux") {
  return Platform{os, arch, variant, "", {}};
}

// amd64, arm64/v8, arm/v7: a typical multi-architecture image.
ManifestList typical_list() {
  ManifestList l;
  l.media_type = "application/vnd.docker.distribution.manifest.list.v2+json";
  l.manifests = {instance("amd64", ""), instance("arm64", "v8"), instance("arm", "v7")};
  return l;
}

std::string not_found_message(const ManifestList& l, const Platform& p) {
  try {
    choose_instance(l, p);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_INVALID_ARGUMENT);
    return e.what();
  }
  ADD_FAILURE() << "an instance was chosen for " << p.architecture;
  return {};
}

TEST(Platform, ChoosesExactMatches) {
  const ManifestList l = typical_list();
  EXPECT_EQ(choose_instance(l, want("amd64", "")), 0u);
  EXPECT_EQ(choose_instance(l, want("arm64", "v8")), 1u);
  EXPECT_EQ(choose_instance(l, want("arm", "v7")), 2u);
}

TEST(Platform, MissingVariantMeansTheArchitectureDefault) {
  const ManifestList l = typical_list();
  EXPECT_EQ(choose_instance(l, want("arm64", "")), 1u);  // arm64 "" == v8
  EXPECT_EQ(choose_instance(l, want("arm", "")), 2u);    // arm "" == v7
  ManifestList bare;
  bare.manifests = {instance("amd64", ""), instance("arm64", "")};
  EXPECT_EQ(choose_instance(bare, want("arm64", "v8")), 1u);
}

TEST(Platform, InstanceWithoutVariantIsTheFallback) {
  ManifestList l;
  l.manifests = {instance("arm", "v5"), instance("arm", "")};
  EXPECT_EQ(choose_instance(l, want("arm", "v6")), 1u);
}

TEST(Platform, ExactVariantBeatsEquivalentSpelling) {
  ManifestList l;
  l.manifests = {instance("arm64", ""), instance("arm64", "v8")};
  EXPECT_EQ(choose_instance(l, want("arm64", "v8")), 1u);
  EXPECT_EQ(choose_instance(l, want("arm64", "")), 0u);
}

TEST(Platform, NoMatchGivesSkopeosMessage) {
  const ManifestList l = typical_list();
  EXPECT_EQ(not_found_message(l, want("arm", "v6")),
            "no image found in manifest list for architecture \"arm\", "
            "variant \"v6\", OS \"linux\"");
  EXPECT_EQ(not_found_message(l, want("s390x", "")),
            "no image found in manifest list for architecture "
            "\"s390x\", variant \"\", OS \"linux\"");
  EXPECT_EQ(not_found_message(l, want("amd64", "", "windows")),
            "no image found in manifest list for architecture "
            "\"amd64\", variant \"\", OS \"windows\"");
}

TEST(Platform, AnOciIndexIsNamedAsSuch) {
  ManifestList l = typical_list();
  l.media_type = "application/vnd.oci.image.index.v1+json";
  EXPECT_EQ(not_found_message(l, want("s390x", "")),
            "no image found in image index for architecture \"s390x\", variant \"\", OS \"linux\"");
}

TEST(Platform, HostPlatformFollowsUname) {
  utsname uts{};
  ASSERT_EQ(uname(&uts), 0);
  const std::string machine = uts.machine;
  const Platform p = host_platform("", "", "");
  EXPECT_EQ(p.os, "linux");
  if (machine == "x86_64") {
    EXPECT_EQ(p.architecture, "amd64");
    EXPECT_EQ(p.variant, "");
  } else if (machine == "aarch64") {
    EXPECT_EQ(p.architecture, "arm64");
    EXPECT_EQ(p.variant, "v8");
  } else if (machine == "armv7l") {
    EXPECT_EQ(p.architecture, "arm");
    EXPECT_EQ(p.variant, "v7");
  }
  EXPECT_FALSE(p.architecture.empty());
}

TEST(Platform, HostPlatformOverrides) {
  const Platform all = host_platform("windows", "arm", "v6");
  EXPECT_EQ(all.os, "windows");
  EXPECT_EQ(all.architecture, "arm");
  EXPECT_EQ(all.variant, "v6");
  // A chosen architecture does not inherit the host's variant.
  const Platform arch_only = host_platform("", "arm64", "");
  EXPECT_EQ(arch_only.architecture, "arm64");
  EXPECT_EQ(arch_only.variant, "");
  EXPECT_EQ(arch_only.os, "linux");
  EXPECT_EQ(host_platform("", "", "v9").variant, "v9");
}

}  // namespace
}  // namespace ferry
