#include "kit.hpp"

#include <ferry/signature/blob.hpp>
#include <ferry/signature/referrer.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ferry::signature {
namespace {

const Subject image{.media_type = "application/vnd.oci.image.manifest.v1+json",
                    .digest = "sha256:" + std::string(64, 'a'),
                    .size = 1234};

// Through the artifact form and back, as a transport moves it.
std::string round_trip(const std::string& stored, std::string* artifact_type = nullptr) {
  const Referrer r = make_referrer(image, stored);
  if (artifact_type) *artifact_type = r.artifact_type;
  const auto m = read_referrer(r.manifest);
  if (!m) return "unreadable";
  EXPECT_EQ(m->subject_digest, image.digest);
  EXPECT_TRUE(m->one_layer);
  EXPECT_EQ(m->layer_size, r.layer.size());
  return stored_signature(*m, r.layer);
}

TEST(SignatureReferrer, SimpleSignatureRoundTrips) {
  const std::string stored = test::kit_file("vectors/simple-standalone/tag.sig");
  std::string type;
  EXPECT_EQ(round_trip(stored, &type), stored);
  EXPECT_EQ(type, simple_signing_artifact_type);
  EXPECT_EQ(make_referrer(image, stored).layer, stored);
}

TEST(SignatureReferrer, SigstoreSignatureRoundTripsAsCosignStoresIt) {
  const std::string stored = test::kit_file("samples/sigstore/dir-signature-1");
  std::string type;
  EXPECT_EQ(round_trip(stored, &type), stored);
  EXPECT_EQ(type, cosign_artifact_type);
  const Referrer r = make_referrer(image, stored);
  const auto m = nlohmann::json::parse(r.manifest);
  EXPECT_EQ(m["artifactType"], cosign_artifact_type);
  EXPECT_EQ(m["config"]["mediaType"], empty_config_type);
  EXPECT_EQ(m["layers"][0]["mediaType"], sigstore_payload_type);
  EXPECT_TRUE(m["layers"][0]["annotations"].contains(sigstore_signature_annotation));
  EXPECT_EQ(m["subject"]["digest"], image.digest);
  EXPECT_EQ(m["subject"]["size"], image.size);
}

TEST(SignatureReferrer, OtherArtifactsAreNotSignatures) {
  EXPECT_FALSE(read_referrer("not json"));
  EXPECT_FALSE(read_referrer(R"({"artifactType":"application/spdx+json","subject":{"digest":"sha256:1"}})"));
  EXPECT_FALSE(read_referrer(R"({"artifactType":"application/vnd.ferry.signature.simple-signing.v1"})"));
  const auto two = read_referrer(
      R"({"artifactType":"application/vnd.ferry.signature.simple-signing.v1","subject":{"digest":"sha256:1"},"layers":[{},{}]})");
  ASSERT_TRUE(two);
  EXPECT_FALSE(two->one_layer);
}

}  // namespace
}  // namespace ferry::signature
