// The core's readers of outside JSON on documents built to hurt: nested past
// any stack, or with members of the wrong type. Each must be one clear error.
#include <ferry/core/error.hpp>
#include "inspect/image_config.hpp"
#include <ferry/core/manifest.hpp>
#include <ferry/media_types.hpp>
#include <ferry/core/policy.hpp>
#include <ferry/core/schema1_config.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace ferry;

namespace {

std::string deep_array(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string deep_labels(size_t depth) {
  std::string labels;
  for (size_t i = 0; i < depth; ++i) labels += R"({"a":)";
  labels += "\"x\"" + std::string(depth, '}');
  return R"({"architecture":"amd64","os":"linux","config":{"Labels":)" + labels + "}}";
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_INVALID_ARGUMENT) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no ferry::Error thrown";
  return "";
}

}  // namespace

TEST(HostileDocuments, DeepManifestIsRefusedNotACrash) {
  const std::string deep = R"({"schemaVersion":2,"config":)" + deep_array(100000) + "}";
  EXPECT_EQ(detect_manifest_type(deep), "");
  std::string m = error_of([&] { parse_image_manifest(deep, media::oci_manifest); });
  EXPECT_NE(m.find("nested more than 256 levels deep, the limit for manifests"), std::string::npos) << m;
  m = error_of([&] { parse_image_manifest(deep, ""); });
  EXPECT_NE(m.find("nested more than 256 levels deep"), std::string::npos) << m;
  m = error_of([&] {
    parse_manifest_list(R"({"schemaVersion":2,"manifests":[],"x":)" + deep_array(100000) + "}",
                        media::oci_index);
  });
  EXPECT_NE(m.find("nested more than 256"), std::string::npos) << m;
}

TEST(HostileDocuments, DeepConfigIsRefusedByEveryInspectView) {
  const std::string config = deep_labels(200000);
  EXPECT_EQ(error_of([&] { parse_image_config(config); }),
            "the image config is nested more than 256 levels deep, the limit for image configs");
  EXPECT_EQ(error_of([&] { oci_config_view(config); }),
            "the image config is nested more than 256 levels deep, the limit for image configs");
}

TEST(HostileDocuments, ConfigMembersHaveGoTypes) {
  EXPECT_EQ(error_of([] { parse_image_config(deep_labels(2)); }),
            "the image config: \"config.Labels.a\" is an object, not a string");
  EXPECT_EQ(error_of([] { parse_image_config(R"({"config":{"Labels":["a"]}})"); }),
            "the image config: \"config.Labels\" is an array, not a map of strings");
  EXPECT_EQ(error_of([] { parse_image_config(R"({"config":{"Env":"A=1"}})"); }),
            "the image config: \"config.Env\" is a string, not an array");
  EXPECT_EQ(error_of([] { parse_image_config(R"({"created":5})"); }),
            "the image config: \"created\" is a number, not a string");
  EXPECT_EQ(error_of([] { parse_image_config(R"({"os":{}})"); }),
            "the image config: \"os\" is an object, not a string");
  EXPECT_EQ(error_of([] { parse_image_config(R"({"history":[{"empty_layer":"yes"}]})"); }),
            "the image config: \"history[0].empty_layer\" is a string, not true or false");
  EXPECT_EQ(error_of([] { parse_image_config("[]"); }), "the image config is an array, not an object");
  // null is absent, as Go decodes it.
  EXPECT_NO_THROW(parse_image_config(R"({"created":null,"config":{"Labels":null,"Env":null}})"));
  EXPECT_NO_THROW(parse_image_config(
      R"({"created":"2024-01-01T00:00:00Z","architecture":"amd64","os":"linux","config":{"Labels":{"a":"b"},)"
      R"("Env":["A=1"],"ExposedPorts":{"80/tcp":{}},"ArgsEscaped":true},"rootfs":{"type":"layers","diff_ids":[]}})"));
}

TEST(HostileDocuments, PolicyAndSchema1AreHeldToLimits) {
  std::string m = error_of([] { Policy::parse(deep_array(100000), "/etc/containers/policy.json"); });
  EXPECT_EQ(
      m,
      "invalid policy in \"/etc/containers/policy.json\": the document is nested more than 256 levels deep, "
      "the limit for policy files");

  const std::string schema1 =
      R"({"schemaVersion":1,"history":[{"v1Compatibility":5}],"fsLayers":[{"blobSum":"x"}]})";
  m = error_of([&] { schema1_image_config(schema1); });
  EXPECT_EQ(m.find("json.exception"), std::string::npos) << m;
  EXPECT_NE(m.find("\"history[0].v1Compatibility\" is a number, not a string"), std::string::npos) << m;
  m = error_of([&] { schema1_to_config(R"({"history":[{"v1Compatibility":"[[1]"}]})", {}); });
  EXPECT_NE(m.find("v1Compatibility is not valid JSON"), std::string::npos) << m;
}
