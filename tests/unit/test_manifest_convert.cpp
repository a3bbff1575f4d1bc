// Serializing manifests and lists, and converting between OCI and Docker v2s2.
#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/media_types.hpp>

#include <gtest/gtest.h>

#include <string>

namespace ferry {
namespace {

const std::string kTinyOci =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:2219338a495bae7cde3400f39e507afb04eeb4bcf201d4fe2e4a697dfcc949d9","size":378},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:0d022fe10849a77e7831ec010f253600159cd04767f59bd24dd4cb08725eb9d0","size":402}]})";

// kTinyOci as `skopeo copy --format v2s2` writes it (size before digest).
const std::string kTinyV2s2 =
    R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":378,"digest":"sha256:2219338a495bae7cde3400f39e507afb04eeb4bcf201d4fe2e4a697dfcc949d9"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":402,"digest":"sha256:0d022fe10849a77e7831ec010f253600159cd04767f59bd24dd4cb08725eb9d0"}]})";

const std::string kLabelsOci =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:62b5dfd12e161325ffce27ea78dde47e2a056f456c5cae674be4f6fc217ed50b","size":1152},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:0d022fe10849a77e7831ec010f253600159cd04767f59bd24dd4cb08725eb9d0","size":402}],"annotations":{"org.opencontainers.image.created":"2023-11-14T22:13:20Z","org.opencontainers.image.description":"fixture with a rich config"}})";

const std::string kZstdOci =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:348ce51d7ef4b663322284db2a76347b35fb750c10e3c216719be1fa1d5edad8","size":498},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"sha256:833a6326e083caef45e28b40f28abc5a3d0b81333ec6981238929a45412e7e0b","size":3858228},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:0d022fe10849a77e7831ec010f253600159cd04767f59bd24dd4cb08725eb9d0","size":402}]})";

const std::string kDockerV2s2 =
    R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:c1b3dea1e1ed8e1d3fe9a685460e0105b7167a9cc1153522d59a419c62302b8d","size":373},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"sha256:7cd8ce28fb8ea6e1a7fd6e88b98d6b20174708af6b656d7e807cf32e7daef1dd","size":441}]})";

const std::string kOciIndex =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:43aca76db8be6363165ff60a09b072b4022a3bc97fc35a0f0454879ae7a5ec5e","size":401,"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:53e28da2ef672b6c8cf890b7c11d64597ee083bb7323734f502a3b5ac1ef8a20","size":401,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]})";

const std::string kDockerList =
    R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:0b7bb32a2d14590afccba7b9eb1432a97e8ab7004b101fb3ca605a981e8d23dc","size":423,"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:ecad595889abcab45e648ea518c8bdc1ba69008e1d103edcba54eef94a80236c","size":423,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]})";

ferry_status status_of(auto&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return FERRY_OK;
}

TEST(ManifestConvert, OciRewritesByteForByte) {
  EXPECT_EQ(serialize_image_manifest(parse_image_manifest(kTinyOci, ""), media::oci_manifest), kTinyOci);
  EXPECT_EQ(serialize_image_manifest(parse_image_manifest(kLabelsOci, ""), media::oci_manifest), kLabelsOci);
  EXPECT_EQ(serialize_image_manifest(parse_image_manifest(kZstdOci, ""), media::oci_manifest), kZstdOci);
}

TEST(ManifestConvert, DockerIsWrittenInTheContainersToolsFieldOrder) {
  // The fixture puts digest before size; the containers tools write size first.
  const std::string out = serialize_image_manifest(parse_image_manifest(kDockerV2s2, ""), media::docker_v2s2);
  EXPECT_EQ(
      out,
      R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":373,"digest":"sha256:c1b3dea1e1ed8e1d3fe9a685460e0105b7167a9cc1153522d59a419c62302b8d"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":441,"digest":"sha256:7cd8ce28fb8ea6e1a7fd6e88b98d6b20174708af6b656d7e807cf32e7daef1dd"}]})");
}

TEST(ManifestConvert, OciToV2s2MapsMediaTypes) {
  EXPECT_EQ(serialize_image_manifest(parse_image_manifest(kTinyOci, ""), media::docker_v2s2), kTinyV2s2);
}

TEST(ManifestConvert, RoundTripOciV2s2OciKeepsDigestsAndDropsAnnotations) {
  const ImageManifest original = parse_image_manifest(kLabelsOci, "");
  const std::string v2s2 = serialize_image_manifest(original, media::docker_v2s2);
  EXPECT_EQ(v2s2.find("annotations"), std::string::npos) << v2s2;
  const ImageManifest back =
      parse_image_manifest(serialize_image_manifest(parse_image_manifest(v2s2, ""), media::oci_manifest), "");
  EXPECT_EQ(back.config.digest, original.config.digest);
  EXPECT_EQ(back.config.size, 1152);
  EXPECT_EQ(back.config.media_type, media::oci_config);
  ASSERT_EQ(back.layers.size(), 1u);
  EXPECT_EQ(back.layers[0].digest, original.layers[0].digest);
  EXPECT_EQ(back.layers[0].media_type, media::oci_layer_gzip);
  EXPECT_TRUE(back.annotations.empty());
  // Without annotations to lose, the round trip is exact.
  EXPECT_EQ(serialize_image_manifest(parse_image_manifest(kTinyV2s2, ""), media::oci_manifest), kTinyOci);
}

TEST(ManifestConvert, ZstdLayersCannotBeWrittenAsV2s2) {
  const ImageManifest m = parse_image_manifest(kZstdOci, "");
  EXPECT_EQ(status_of([&] { serialize_image_manifest(m, media::docker_v2s2); }), FERRY_E_MANIFEST_REJECTED);
}

TEST(ManifestConvert, ForeignAndUncompressedLayersMapAcrossFamilies) {
  ImageManifest m = parse_image_manifest(kTinyOci, "");
  m.layers.push_back(m.layers[0]);
  m.layers.push_back(m.layers[0]);
  m.layers[0].media_type = media::oci_layer_nondistributable_gzip;
  m.layers[0].urls = {"https://example.invalid/layer"};
  m.layers[1].media_type = media::oci_layer;
  m.layers[2].annotations = {{"b", "2"}, {"a", "1"}};

  const ImageManifest docker = parse_image_manifest(serialize_image_manifest(m, media::docker_v2s2), "");
  EXPECT_EQ(docker.layers[0].media_type, media::docker_layer_foreign_gzip);
  EXPECT_EQ(docker.layers[0].urls, std::vector<std::string>{"https://example.invalid/layer"});
  EXPECT_EQ(docker.layers[1].media_type, media::docker_layer);
  EXPECT_TRUE(docker.layers[2].annotations.empty());

  const ImageManifest oci = parse_image_manifest(serialize_image_manifest(docker, media::oci_manifest), "");
  EXPECT_EQ(oci.layers[0].media_type, media::oci_layer_nondistributable_gzip);
  EXPECT_EQ(oci.layers[1].media_type, media::oci_layer);
}

TEST(ManifestConvert, DescriptorKeyOrder) {
  ImageManifest m = parse_image_manifest(kTinyOci, "");
  m.layers[0].urls = {"https://example.invalid/l"};
  m.layers[0].annotations = {{"z", "last"}, {"a", "first"}};
  m.annotations = {{"k", "v"}};
  const std::string out = serialize_image_manifest(m, media::oci_manifest);
  EXPECT_NE(
      out.find(
          R"({"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:0d022fe10849a77e7831ec010f253600159cd04767f59bd24dd4cb08725eb9d0","size":402,"urls":["https://example.invalid/l"],"annotations":{"a":"first","z":"last"}})"),
      std::string::npos)
      << out;
  EXPECT_TRUE(out.ends_with(R"(],"annotations":{"k":"v"}})")) << out;
}

TEST(ManifestConvert, UnconvertibleManifestsAreRejected) {
  ImageManifest artifact = parse_image_manifest(kTinyOci, "");
  artifact.config.media_type = "application/vnd.example.config+json";
  EXPECT_EQ(status_of([&] { serialize_image_manifest(artifact, media::docker_v2s2); }),
            FERRY_E_MANIFEST_REJECTED);
  EXPECT_NO_THROW(serialize_image_manifest(artifact, media::oci_manifest));

  ImageManifest schema1_like = parse_image_manifest(kTinyOci, "");
  schema1_like.config.media_type.clear();
  schema1_like.config.size = -1;
  EXPECT_EQ(status_of([&] { serialize_image_manifest(schema1_like, media::oci_manifest); }),
            FERRY_E_MANIFEST_REJECTED);
  EXPECT_EQ(
      status_of([&] { serialize_image_manifest(parse_image_manifest(kTinyOci, ""), media::docker_v2s1); }),
      FERRY_E_MANIFEST_REJECTED);
}

TEST(ManifestConvert, LayerCompressionFromMediaType) {
  EXPECT_EQ(layer_compression(media::oci_layer_gzip), Compression::gzip);
  EXPECT_EQ(layer_compression(media::docker_layer_gzip), Compression::gzip);
  EXPECT_EQ(layer_compression(media::docker_layer_foreign_gzip), Compression::gzip);
  EXPECT_EQ(layer_compression(media::oci_layer_zstd), Compression::zstd);
  EXPECT_EQ(layer_compression(media::docker_layer_zstd), Compression::zstd);
  EXPECT_EQ(layer_compression(media::oci_layer), Compression::none);
  EXPECT_EQ(layer_compression(media::docker_layer), Compression::none);
  EXPECT_EQ(layer_compression("application/vnd.example.blob"), Compression::unknown);
}

TEST(ManifestConvert, LayerMediaTypeForEachFamily) {
  EXPECT_EQ(layer_media_type_for(media::oci_manifest, Compression::gzip), media::oci_layer_gzip);
  EXPECT_EQ(layer_media_type_for(media::oci_manifest, Compression::zstd), media::oci_layer_zstd);
  EXPECT_EQ(layer_media_type_for(media::oci_manifest, Compression::none), media::oci_layer);
  EXPECT_EQ(layer_media_type_for(media::oci_manifest, Compression::gzip, true),
            media::oci_layer_nondistributable_gzip);
  EXPECT_EQ(layer_media_type_for(media::docker_v2s2, Compression::gzip), media::docker_layer_gzip);
  EXPECT_EQ(layer_media_type_for(media::docker_v2s2, Compression::none), media::docker_layer);
  EXPECT_EQ(layer_media_type_for(media::docker_v2s2, Compression::gzip, true),
            media::docker_layer_foreign_gzip);
  EXPECT_EQ(status_of([] { layer_media_type_for(media::docker_v2s2, Compression::zstd); }),
            FERRY_E_MANIFEST_REJECTED);
  EXPECT_EQ(status_of([] { layer_media_type_for("text/plain", Compression::gzip); }),
            FERRY_E_MANIFEST_REJECTED);
}

TEST(ManifestConvert, ListsRewriteByteForByte) {
  EXPECT_EQ(serialize_manifest_list(parse_manifest_list(kOciIndex, ""), media::oci_index), kOciIndex);
  EXPECT_EQ(
      serialize_manifest_list(parse_manifest_list(kDockerList, ""), media::docker_list),
      R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":423,"digest":"sha256:0b7bb32a2d14590afccba7b9eb1432a97e8ab7004b101fb3ca605a981e8d23dc","platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":423,"digest":"sha256:ecad595889abcab45e648ea518c8bdc1ba69008e1d103edcba54eef94a80236c","platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]})");
}

TEST(ManifestConvert, IndexToDockerListKeepsInstances) {
  ManifestList l = parse_manifest_list(kOciIndex, "");
  l.annotations = {{"dropped", "in docker"}};
  const ManifestList docker = parse_manifest_list(serialize_manifest_list(l, media::docker_list), "");
  EXPECT_EQ(docker.media_type, media::docker_list);
  ASSERT_EQ(docker.manifests.size(), 2u);
  EXPECT_EQ(docker.manifests[1].digest, l.manifests[1].digest);
  EXPECT_EQ(docker.manifests[1].platform->variant, "v8");
  EXPECT_TRUE(docker.annotations.empty());
  EXPECT_EQ(status_of([&] { serialize_manifest_list(l, media::oci_manifest); }), FERRY_E_MANIFEST_REJECTED);
}

TEST(ManifestConvert, PlatformKeyOrder) {
  ManifestList l = parse_manifest_list(kOciIndex, "");
  l.manifests.resize(1);
  l.manifests[0].platform = Platform{"windows", "amd64", "", "10.0.17763.1", {"win32k"}};
  const std::string out = serialize_manifest_list(l, media::oci_index);
  EXPECT_NE(
      out.find(
          R"("platform":{"architecture":"amd64","os":"windows","os.version":"10.0.17763.1","os.features":["win32k"]})"),
      std::string::npos)
      << out;
}

}  // namespace
}  // namespace ferry
