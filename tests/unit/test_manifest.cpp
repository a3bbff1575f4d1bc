// Manifest type detection, parsing and digests, including Docker schema 1.
#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/media_types.hpp>

#include <gtest/gtest.h>

#include <string>

namespace ferry {
namespace {

// The "tiny" OCI layout fixture's manifest, byte for byte.
const std::string kTinyOci =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:2219338a495bae7cde3400f39e507afb04eeb4bcf201d4fe2e4a697dfcc949d9","size":378},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:0d022fe10849a77e7831ec010f253600159cd04767f59bd24dd4cb08725eb9d0","size":402}]})";

const std::string kDockerList =
    R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:0b7bb32a2d14590afccba7b9eb1432a97e8ab7004b101fb3ca605a981e8d23dc","size":423,"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:ecad595889abcab45e648ea518c8bdc1ba69008e1d103edcba54eef94a80236c","size":423,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]})";

// Schema 1, newest layer first; the newest is a throwaway (metadata-only) layer.
const std::string kSchema1 = R"({
   "schemaVersion": 1,
   "name": "ferry/test",
   "tag": "latest",
   "architecture": "amd64",
   "fsLayers": [
      {"blobSum": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
      {"blobSum": "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
      {"blobSum": "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"}
   ],
   "history": [
      {"v1Compatibility": "{\"id\":\"3\",\"parent\":\"2\",\"throwaway\":true}"},
      {"v1Compatibility": "{\"id\":\"2\",\"parent\":\"1\"}"},
      {"v1Compatibility": "{\"id\":\"1\"}"}
   ]
})";

// kSchema1 signed: its closing "\n}" replaced by a JWS "signatures" member.
// The protected header is {"formatLength":609,"formatTail":"Cn0",...}.
std::string signed_schema1() {
  return kSchema1.substr(0, kSchema1.size() - 2) + R"(,
   "signatures": [
      {
         "header": {"alg": "ES256"},
         "signature": "c2lnbmF0dXJl",
         "protected": "eyJmb3JtYXRMZW5ndGgiOjYwOSwiZm9ybWF0VGFpbCI6IkNuMCIsInRpbWUiOiIyMDI0LTAxLTAxVDAwOjAwOjAwWiJ9"
      }
   ]
})";
}

template <class F>
std::pair<ferry_status, std::string> error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  return {FERRY_OK, "nothing thrown"};
}

TEST(Manifest, DetectsDeclaredAndGuessedTypes) {
  EXPECT_EQ(detect_manifest_type(kTinyOci), media::oci_manifest);
  EXPECT_EQ(detect_manifest_type(kDockerList), media::docker_list);
  EXPECT_EQ(detect_manifest_type(kSchema1), media::docker_v2s1);
  EXPECT_EQ(detect_manifest_type(signed_schema1()), media::docker_v2s1_signed);
  EXPECT_EQ(detect_manifest_type(R"({"schemaVersion":2,"manifests":[]})"), media::oci_index);
  EXPECT_EQ(detect_manifest_type(R"({"schemaVersion":2,"config":{},"layers":[]})"), media::oci_manifest);
  EXPECT_EQ(
      detect_manifest_type(
          R"({"schemaVersion":2,"config":{"mediaType":"application/vnd.docker.container.image.v1+json"},"layers":[]})"),
      media::docker_v2s2);
  EXPECT_EQ(detect_manifest_type("not json"), "");
  EXPECT_EQ(detect_manifest_type(R"({"schemaVersion":3})"), "");
}

TEST(Manifest, EffectiveTypePrefersTheDeclaredOne) {
  EXPECT_EQ(effective_manifest_type(kTinyOci, "application/x-custom"), "application/x-custom");
  EXPECT_EQ(effective_manifest_type(kTinyOci, ""), media::oci_manifest);
}

TEST(Manifest, TypePredicates) {
  EXPECT_TRUE(is_list_type(media::oci_index));
  EXPECT_TRUE(is_list_type(media::docker_list));
  EXPECT_FALSE(is_list_type(media::oci_manifest));
  EXPECT_TRUE(is_schema1_type(media::docker_v2s1_signed));
  EXPECT_FALSE(is_schema1_type(media::docker_v2s2));
  EXPECT_TRUE(is_image_manifest_type(media::docker_v2s1));
  EXPECT_TRUE(is_image_manifest_type(media::oci_manifest));
  EXPECT_FALSE(is_image_manifest_type(media::docker_list));
}

TEST(Manifest, DigestOfPlainManifestIsOfItsBytes) {
  EXPECT_EQ(manifest_digest(kTinyOci).str(),
            "sha256:9de7f29e3a350d70150867ce512e24ad45213a1a882bddb1b25769af6a2320f8");
  EXPECT_EQ(manifest_digest(kDockerList).str(),
            "sha256:fb966eab41e83a46b6b094c2ed09605bd742aa7d396c67d00492dab547678c91");
}

TEST(Manifest, DigestOfSignedSchema1StripsTheSignature) {
  ASSERT_EQ(kSchema1.size(), 611u);  // formatLength 609 + the "\n}" tail
  const std::string unsigned_digest =
      "sha256:7ed72a49117bdc6e9c1a2749d5df96e918b6e2489a5a58a3cb756fd30acbee75";
  EXPECT_EQ(manifest_digest(kSchema1).str(), unsigned_digest);
  EXPECT_EQ(manifest_digest(signed_schema1()).str(), unsigned_digest);
  EXPECT_NE(Digest::of(signed_schema1()).str(), unsigned_digest);
}

TEST(Manifest, SignedSchema1WithBrokenHeaderIsRejected) {
  std::string broken = signed_schema1();
  broken.replace(broken.find("eyJm"), 4, "!!!!");
  const auto [code, message] = error_of([&] { manifest_digest(broken); });
  EXPECT_EQ(code, FERRY_E_INVALID_ARGUMENT);
  EXPECT_NE(message.find("signatures[0].protected"), std::string::npos) << message;
}

TEST(Manifest, ParsesOciManifest) {
  const ImageManifest m = parse_image_manifest(kTinyOci, "");
  EXPECT_EQ(m.media_type, media::oci_manifest);
  EXPECT_EQ(m.config.media_type, media::oci_config);
  EXPECT_EQ(m.config.digest.hex(), "2219338a495bae7cde3400f39e507afb04eeb4bcf201d4fe2e4a697dfcc949d9");
  EXPECT_EQ(m.config.size, 378);
  ASSERT_EQ(m.layers.size(), 1u);
  EXPECT_EQ(m.layers[0].media_type, media::oci_layer_gzip);
  EXPECT_EQ(m.layers[0].size, 402);
  EXPECT_TRUE(m.annotations.empty());
}

TEST(Manifest, Schema1LayersAreBaseFirstWithThrowawaysMarked) {
  const ImageManifest m = parse_image_manifest(kSchema1, media::docker_v2s1);
  EXPECT_EQ(m.media_type, media::docker_v2s1);
  EXPECT_EQ(m.config.media_type, "");
  EXPECT_EQ(m.config.size, -1);
  ASSERT_EQ(m.layers.size(), 3u);
  EXPECT_EQ(m.layers[0].digest.hex(), std::string(64, 'c'));
  EXPECT_EQ(m.layers[1].digest.hex(), std::string(64, 'b'));
  EXPECT_EQ(m.empty_layers, (std::vector<bool>{false, false, true}));
  for (const auto& layer : m.layers) {
    EXPECT_EQ(layer.media_type, media::docker_layer_gzip);
    EXPECT_EQ(layer.size, -1);
  }
  EXPECT_EQ(parse_image_manifest(signed_schema1(), "").layers.size(), 3u);
}

TEST(Manifest, Schema1WithMismatchedHistoryIsRejected) {
  const std::string bad =
      R"({"schemaVersion":1,"fsLayers":[{"blobSum":"sha256:)" + std::string(64, 'a') + R"("}],"history":[]})";
  const auto [code, message] = error_of([&] { parse_image_manifest(bad, media::docker_v2s1); });
  EXPECT_EQ(code, FERRY_E_INVALID_ARGUMENT);
  EXPECT_NE(message.find("fsLayers has 1 entries but history has 0"), std::string::npos) << message;
}

TEST(Manifest, ParsesDockerListWithPlatforms) {
  const ManifestList l = parse_manifest_list(kDockerList, "");
  EXPECT_EQ(l.media_type, media::docker_list);
  ASSERT_EQ(l.manifests.size(), 2u);
  ASSERT_TRUE(l.manifests[1].platform.has_value());
  EXPECT_EQ(l.manifests[1].platform->architecture, "arm64");
  EXPECT_EQ(l.manifests[1].platform->os, "linux");
  EXPECT_EQ(l.manifests[1].platform->variant, "v8");
  EXPECT_EQ(l.manifests[0].platform->variant, "");
  EXPECT_EQ(l.manifests[0].digest.hex(), "0b7bb32a2d14590afccba7b9eb1432a97e8ab7004b101fb3ca605a981e8d23dc");
}

TEST(Manifest, ParseErrorsNameTheField) {
  auto error = [](const std::string& bytes, std::string_view mime) {
    return error_of([&] { parse_image_manifest(bytes, mime); });
  };
  const auto missing_config = error(R"({"schemaVersion":2,"layers":[]})", media::oci_manifest);
  EXPECT_EQ(missing_config.first, FERRY_E_INVALID_ARGUMENT);
  EXPECT_NE(missing_config.second.find("\"config\" is missing"), std::string::npos);

  std::string bad_layer = kTinyOci;
  bad_layer.replace(bad_layer.find("sha256:0d02"), 11, "sha256:XX02");
  const auto bad_digest = error(bad_layer, "");
  EXPECT_EQ(bad_digest.first, FERRY_E_INVALID_ARGUMENT);
  EXPECT_NE(bad_digest.second.find("layers[0]"), std::string::npos) << bad_digest.second;
  EXPECT_NE(bad_digest.second.find("sha256:XX02"), std::string::npos) << bad_digest.second;

  std::string bad_size = kTinyOci;
  bad_size.replace(bad_size.find("\"size\":402"), 10, "\"size\":\"1\"");
  EXPECT_NE(error(bad_size, "").second.find("\"size\""), std::string::npos);

  EXPECT_EQ(error("{", media::oci_manifest).first, FERRY_E_INVALID_ARGUMENT);
  const auto unknown = error(R"({"schemaVersion":2,"layers":[]})", "");
  EXPECT_EQ(unknown.first, FERRY_E_INVALID_ARGUMENT);
  EXPECT_NE(unknown.second.find("unrecognized manifest"), std::string::npos) << unknown.second;
  EXPECT_EQ(error(kTinyOci, "application/x-custom").first, FERRY_E_NOT_SUPPORTED);
  EXPECT_EQ(error(kDockerList, "").first, FERRY_E_INVALID_ARGUMENT);
  EXPECT_EQ(error_of([] { parse_manifest_list(kTinyOci, ""); }).first, FERRY_E_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace ferry
