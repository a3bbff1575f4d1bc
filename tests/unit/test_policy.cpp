// policy.json evaluation: which requirements apply to an image (the most
// specific scope wins), and strict parsing whose errors name the field.
#include <ferry/core/error.hpp>
#include <ferry/core/policy.hpp>

#include <gtest/gtest.h>

using namespace ferry;

namespace {

const char* kPolicy = R"({
  "default": [{"type": "reject"}],
  "transports": {
    "docker": {
      "": [{"type": "insecureAcceptAnything"}],
      "registry.example": [{"type": "reject"}],
      "registry.example/team": [{"type": "insecureAcceptAnything"}],
      "registry.example/team/app:stable": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k"}]
    },
    "oci": {"/images": [{"type": "insecureAcceptAnything"}]}
  }
})";

std::string first_type(const Policy& p, const std::string& transport, const std::string& scope) {
  const auto& reqs = p.requirements_for(transport, scope);
  return reqs.empty() ? "" : reqs.front().type;
}

std::string parse_error(const std::string& json) {
  try {
    Policy::parse(json, "test.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Policy, TheMostSpecificScopeWins) {
  Policy p = Policy::parse(kPolicy, "test.json");
  EXPECT_EQ(first_type(p, "docker", "registry.example/team/app:stable"), "signedBy");
  // Another tag of the same repository falls back to the repository's namespace.
  EXPECT_EQ(first_type(p, "docker", "registry.example/team/app:edge"), "insecureAcceptAnything");
  EXPECT_EQ(first_type(p, "docker", "registry.example/team/app@sha256:" + std::string(64, 'a')),
            "insecureAcceptAnything");
  EXPECT_EQ(first_type(p, "docker", "registry.example/other/app:1"), "reject");
  EXPECT_EQ(first_type(p, "docker", "elsewhere.example/x:1"),
            "insecureAcceptAnything");  // the transport's ""
}

TEST(Policy, PathScopesShortenByDirectoryAndUnknownTransportsTakeTheDefault) {
  Policy p = Policy::parse(kPolicy, "test.json");
  EXPECT_EQ(first_type(p, "oci", "/images/app/layout"), "insecureAcceptAnything");
  EXPECT_EQ(first_type(p, "oci", "/elsewhere/layout"), "reject");
  EXPECT_EQ(first_type(p, "dir", "/images/app"), "reject");
}

TEST(Policy, ParsingIsStrictAndNamesTheField) {
  EXPECT_NE(parse_error(R"({"transports": {}})").find("Default policy is missing"), std::string::npos);
  EXPECT_NE(parse_error(R"({"default": [{"type": "trustMe"}]})")
                .find("unknown policy requirement type \"trustMe\""),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"default": [{}]})").find("needs a \"type\""), std::string::npos);
  EXPECT_NE(parse_error(R"({"default": [], "extra": 1})").find("unknown field \"extra\""), std::string::npos);
  EXPECT_NE(parse_error(R"({"default": [], "transports": {"docker": []}})")
                .find("transports.docker must be an object"),
            std::string::npos);
  EXPECT_NE(parse_error("[]").find("test.json"), std::string::npos);
}

TEST(Policy, AcceptAnythingAcceptsEveryScope) {
  Policy p = Policy::accept_anything();
  EXPECT_EQ(first_type(p, "docker", "any.example/x:y"), "insecureAcceptAnything");
}

}  // namespace
