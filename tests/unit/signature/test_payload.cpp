#include "kit.hpp"

#include <ferry/plugin.hpp>
#include <ferry/signature/payload.hpp>

#include <gtest/gtest.h>

namespace ferry::signature {
namespace {

std::string refusal(std::string_view json, std::string_view type = simple_signing_type) {
  try {
    read_payload(json, type);
  } catch (const sdk::Error& e) {
    return e.what();
  }
  return "accepted";
}

TEST(SignaturePayload, WritesWhatSkopeoWrites) {
  // The payload of the kit's standalone tag.sig, made by skopeo 1.9.3.
  const Payload p{
      .type = std::string(simple_signing_type),
      .manifest_digest = "sha256:9de7f29e3a350d70150867ce512e24ad45213a1a882bddb1b25769af6a2320f8",
      .docker_reference = "registry.example/ns/app:1.0",
      .creator = "atomic 5.23.1",
      .timestamp = 1796099278};
  EXPECT_EQ(
      write_payload(p),
      R"({"critical":{"identity":{"docker-reference":"registry.example/ns/app:1.0"},"image":{"docker-manifest-digest":"sha256:9de7f29e3a350d70150867ce512e24ad45213a1a882bddb1b25769af6a2320f8"},"type":"atomic container signature"},"optional":{"creator":"atomic 5.23.1","timestamp":1796099278}})");
}

TEST(SignaturePayload, EscapesAsGo) {
  Payload p;
  p.type = "t<>&";
  p.manifest_digest = "d\n\x01";
  p.docker_reference = "r\xe2\x80\xa8\xff";
  EXPECT_EQ(
      write_payload(p),
      R"({"critical":{"identity":{"docker-reference":"r\u2028\ufffd"},"image":{"docker-manifest-digest":"d\n\u0001"},"type":"t\u003c\u003e\u0026"},"optional":{}})");
}

TEST(SignaturePayload, ReadsBackWhatItWrites) {
  const Payload p{.type = std::string(sigstore_type),
                  .manifest_digest = "sha256:ab",
                  .docker_reference = "a/b:c",
                  .creator = "x",
                  .timestamp = 7};
  const Payload q = read_payload(write_payload(p), sigstore_type);
  EXPECT_EQ(q.manifest_digest, "sha256:ab");
  EXPECT_EQ(q.docker_reference, "a/b:c");
  EXPECT_EQ(q.creator, "x");
  EXPECT_EQ(q.timestamp, 7);
}

TEST(SignaturePayload, ReorderedAndSpacedIsAccepted) {
  EXPECT_EQ(refusal(R"( { "optional" : {"timestamp": 3, "other": [1]},
    "critical": {"image": {"docker-manifest-digest": "sha256:a"}, "type": "atomic container signature",
                 "identity": {"docker-reference": "x/y:z"}}} )"),
            "accepted");
}

TEST(SignaturePayload, RefusesWithContainersImageWords) {
  const std::string critical =
      R"("critical":{"type":"atomic container signature","image":{"docker-manifest-digest":"sha256:a"},"identity":{"docker-reference":"x/y:z"}})";
  EXPECT_EQ(refusal("{" + critical + "}"), "Key \"optional\" missing in a JSON object");
  EXPECT_EQ(refusal("{" + critical + ",\"optional\":{},\"x\":1}"), "Unknown key \"x\"");
  EXPECT_EQ(refusal("{" + critical + ",\"optional\":{},\"optional\":{}}"), "Duplicate key \"optional\"");
  EXPECT_EQ(refusal("{" + critical + ",\"optional\":{\"timestamp\":1.5}}"),
            "Field optional.timestamp is not is not an integer");
  EXPECT_EQ(refusal("{" + critical + ",\"optional\":null}"), "JSON object expected, got \"null\"");
  EXPECT_EQ(refusal("{" + critical + ",\"optional\":null}", sigstore_type),
            "Unrecognized signature type atomic container signature");
  EXPECT_EQ(refusal("{" + critical + ",\"optional\":{}} trailing")
                .rfind("the signature payload is not valid JSON", 0),
            0u);
  EXPECT_EQ(
      refusal(
          R"({"optional":{},"critical":{"type":"atomic container signature","image":{"docker-manifest-digest":"sha256:a"},"identity":{"docker-reference":"x/y:z"},"extra":1}})"),
      "Unknown key \"extra\"");
  EXPECT_EQ(
      refusal(
          R"({"optional":{},"critical":{"type":"atomic container signature","image":{},"identity":{"docker-reference":"x/y:z"}}})"),
      "Key \"docker-manifest-digest\" missing in a JSON object");
  EXPECT_EQ(
      refusal(
          R"({"optional":{},"critical":{"type":"atomic container signature","image":{"docker-manifest-digest":5},"identity":{"docker-reference":"x/y:z"}}})"),
      "Field critical.image.docker-manifest-digest is not a string");
}

TEST(SignaturePayload, ControlBytesNeverReachAMessage) {
  EXPECT_EQ(
      refusal(
          R"({"optional":{},"critical":{"type":"atomic container signature","image":{"docker-manifest-digest":"sha256:a"},"identity":{"docker-reference":"x\u001b[2J"}}})"),
      "the signature's digest or reference holds control characters");
  EXPECT_EQ(refusal(R"({"optional":{},"critical":{"type":"t\u001b","image":{},"identity":{}}})"),
            "Unrecognized signature type t\\u001b");
  EXPECT_EQ(refusal(R"({"optional":{},"critical":{},"k\u001b":1})"), "Unknown key \"k\\u001b\"");
}

TEST(SignaturePayload, CosignsNullOptionalIsAccepted) {
  const auto p = read_payload(
      R"({"critical":{"identity":{"docker-reference":"h/r"},"image":{"docker-manifest-digest":"sha256:a"},"type":"cosign container image signature"},"optional":null})",
      sigstore_type);
  EXPECT_EQ(p.docker_reference, "h/r");
  EXPECT_FALSE(p.creator);
}

TEST(SignaturePayload, DeepNestingIsRefusedNotRecursed) {
  std::string deep =
      "{\"critical\":{},\"optional\":{\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}}";
  EXPECT_EQ(refusal(deep),
            "the signature payload is nested more than 32 levels deep, the limit for signatures");
}

}  // namespace
}  // namespace ferry::signature
