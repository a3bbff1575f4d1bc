// The copy plan: what the engine decides before any byte moves, as a table of
// source / destination / option combinations and the plan or error each gives.
#include "copy/copy_plan.hpp"

#include <ferry/core/error.hpp>
#include <ferry/media_types.hpp>

#include <gtest/gtest.h>

#include <functional>

using namespace ferry;

namespace {

const std::string kOci(media::oci_manifest), kDocker(media::docker_v2s2), kSchema1(media::docker_v2s1_signed),
    kOciIndex(media::oci_index), kDockerList(media::docker_list);
const std::string kOciGzip(media::oci_layer_gzip), kOciTar(media::oci_layer), kOciZstd(media::oci_layer_zstd),
    kDockerGzip(media::docker_layer_gzip), kDockerForeign(media::docker_layer_foreign_gzip);

std::vector<Descriptor> layers_of(std::initializer_list<std::string> types) {
  std::vector<Descriptor> out;
  for (const auto& t : types) {
    Descriptor d;
    d.media_type = t;
    d.size = 10;
    out.push_back(d);
  }
  return out;
}

DestinationTraits any_dest(uint32_t flags = 0) { return {{}, flags, true, "dest"}; }
DestinationTraits oci_only(uint32_t flags = 0) { return {{kOci, kOciIndex}, flags, false, "oci:/x"}; }
// OCI types only, and signatures kept (an oci: layout with referrers).
DestinationTraits oci_signed(uint32_t flags = 0) { return {{kOci, kOciIndex}, flags, true, "oci:/x"}; }

struct ImageCase {
  std::string name;
  std::string mime;
  std::vector<Descriptor> layers;
  size_t signatures;
  DestinationTraits dest;
  std::function<void(CopyOptions&)> options;
  // Expected: either an error containing `error`, or these types and layer conversions.
  std::string error;
  std::vector<std::string> types;
  std::vector<std::optional<Compression>> recompress;
  std::vector<std::string> layer_types;  // the converted layers' types ("" = unchanged)
  bool from_schema1 = false;
};

void no_options(CopyOptions&) {}

class ImagePlanTable : public ::testing::TestWithParam<ImageCase> {};

TEST_P(ImagePlanTable, PlansOrRefuses) {
  const ImageCase& c = GetParam();
  CopyOptions o;
  c.options(o);
  if (!c.error.empty()) {
    try {
      plan_image(c.mime, c.layers, {.copied = c.signatures}, c.dest, o);
      FAIL() << "planned, but expected: " << c.error;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(c.error), std::string::npos) << e.what();
    }
    return;
  }
  ImagePlan p = plan_image(c.mime, c.layers, {.copied = c.signatures}, c.dest, o);
  EXPECT_EQ(p.manifest_types, c.types);
  EXPECT_EQ(p.from_schema1, c.from_schema1);
  ASSERT_EQ(p.layers.size(), c.layers.size());
  bool changes = false;
  for (size_t i = 0; i < p.layers.size(); ++i) {
    EXPECT_EQ(p.layers[i].recompress, c.recompress[i]) << "layer " << i;
    EXPECT_EQ(p.layers[i].media_type, c.layer_types[i]) << "layer " << i;
    changes = changes || c.recompress[i].has_value();
  }
  EXPECT_EQ(p.layers_change, changes);
}

const auto none = std::nullopt;

INSTANTIATE_TEST_SUITE_P(
    Combinations, ImagePlanTable,
    ::testing::Values(ImageCase{"OciToAnyKeepsEverything",
                                kOci,
                                layers_of({kOciGzip, kOciGzip}),
                                0,
                                any_dest(),
                                no_options,
                                "",
                                {kOci, kDocker},
                                {none, none},
                                {"", ""}},
                      ImageCase{"DockerToOciOnlyConvertsTheManifestNotTheLayers",
                                kDocker,
                                layers_of({kDockerGzip}),
                                0,
                                oci_only(),
                                no_options,
                                "",
                                {kOci},
                                {none},
                                {""}},
                      ImageCase{"ForcedFormatIsTheOnlyOffer",
                                kDocker,
                                layers_of({kDockerGzip}),
                                0,
                                any_dest(),
                                [](CopyOptions& o) { o.manifest_type = kOci; },
                                "",
                                {kOci},
                                {none},
                                {""}},
                      ImageCase{"DestinationWantingUncompressedLayersGetsThemUnpacked",
                                kOci,
                                layers_of({kOciGzip, kOciZstd}),
                                0,
                                any_dest(FERRY_DEST_WANTS_UNCOMPRESSED),
                                no_options,
                                "",
                                {kOci, kDocker},
                                {Compression::none, Compression::none},
                                {kOciTar, kOciTar}},
                      ImageCase{"CompressFormatRecompressesOnlyWhatDiffers",
                                kOci,
                                layers_of({kOciGzip, kOciZstd}),
                                0,
                                any_dest(),
                                [](CopyOptions& o) { o.compress_format = Compression::zstd; },
                                "",
                                {kOci, kDocker},
                                {Compression::zstd, none},
                                {kOciZstd, ""}},
                      ImageCase{"DestinationPreferringCompressionGzipsPlainLayers",
                                kOci,
                                layers_of({kOciTar, kOciGzip}),
                                0,
                                any_dest(FERRY_DEST_PREFERS_COMPRESSED),
                                no_options,
                                "",
                                {kOci, kDocker},
                                {Compression::gzip, none},
                                {kOciGzip, ""}},
                      ImageCase{"UncompressedWinsOverTheUsersCompressFormat",
                                kOci,
                                layers_of({kOciGzip}),
                                0,
                                any_dest(FERRY_DEST_WANTS_UNCOMPRESSED),
                                [](CopyOptions& o) { o.compress_format = Compression::zstd; },
                                "",
                                {kOci, kDocker},
                                {Compression::none},
                                {kOciTar}},
                      ImageCase{"LayersOfUnknownCompressionAreNeverTouched",
                                kOci,
                                layers_of({"application/vnd.example.data"}),
                                0,
                                any_dest(FERRY_DEST_WANTS_UNCOMPRESSED),
                                no_options,
                                "",
                                {kOci, kDocker},
                                {none},
                                {""}},
                      ImageCase{"ForeignLayersAreUnpackedLikeAnyGzipLayer",
                                kDocker,
                                layers_of({kDockerForeign}),
                                0,
                                any_dest(FERRY_DEST_WANTS_UNCOMPRESSED),
                                no_options,
                                "",
                                {kDocker, kOci},
                                {Compression::none},
                                {std::string(media::docker_layer)}},
                      ImageCase{"ConvertedLayersTakeTheFirstOfferedFamily",
                                kDocker,
                                layers_of({kDockerGzip}),
                                0,
                                oci_only(),
                                [](CopyOptions& o) { o.compress_format = Compression::zstd; },
                                "",
                                {kOci},
                                {Compression::zstd},
                                {kOciZstd}},
                      ImageCase{"PreserveDigestsAllowsAnUnchangedCopy",
                                kOci,
                                layers_of({kOciGzip}),
                                0,
                                any_dest(),
                                [](CopyOptions& o) { o.preserve_digests = true; },
                                "",
                                {kOci, kDocker},
                                {none},
                                {""}},
                      ImageCase{"PreserveDigestsRefusesAManifestConversion",
                                kDocker,
                                layers_of({kDockerGzip}),
                                0,
                                oci_only(),
                                [](CopyOptions& o) { o.preserve_digests = true; },
                                "Instructed to preserve digests",
                                {},
                                {},
                                {}},
                      ImageCase{"PreserveDigestsRefusesALayerConversion",
                                kOci,
                                layers_of({kOciGzip}),
                                0,
                                any_dest(FERRY_DEST_WANTS_UNCOMPRESSED),
                                [](CopyOptions& o) { o.preserve_digests = true; },
                                "Instructed to preserve digests",
                                {},
                                {},
                                {}},
                      ImageCase{"SignaturesNeedADestinationThatStoresThem",
                                kOci,
                                layers_of({kOciGzip}),
                                1,
                                oci_only(),
                                no_options,
                                "does not support signatures",
                                {},
                                {},
                                {}},
                      ImageCase{"SignaturesAreRefusedBeforeAConversionWouldBreakThem",
                                kDocker,
                                layers_of({kDockerGzip}),
                                2,
                                oci_signed(),
                                no_options,
                                "Would invalidate signatures",
                                {},
                                {},
                                {}},
                      ImageCase{"SignedImagesKeepTheirBytesWhateverTheOptionsAsk",
                                kOci,
                                layers_of({kOciGzip}),
                                1,
                                any_dest(),
                                [](CopyOptions& o) {
                                  o.manifest_type = std::string(kDocker);
                                  o.compress_format = Compression::zstd;
                                },
                                "",
                                {kOci, kDocker},
                                {none},
                                {""}},
                      ImageCase{"SignaturesCopyWithAnUnchangedImage",
                                kDocker,
                                layers_of({kDockerGzip}),
                                2,
                                any_dest(),
                                no_options,
                                "",
                                {kDocker, kOci},
                                {none},
                                {""}},
                      ImageCase{"Schema1ToAnyStaysSchema1",
                                kSchema1,
                                layers_of({kDockerGzip}),
                                0,
                                any_dest(),
                                no_options,
                                "",
                                {kSchema1, kOci, kDocker},
                                {none},
                                {""}},
                      ImageCase{"Schema1ToOciOnlyBuildsAConfig",
                                kSchema1,
                                layers_of({kDockerGzip}),
                                0,
                                oci_only(),
                                no_options,
                                "",
                                {kOci},
                                {none},
                                {""},
                                true},
                      ImageCase{"Schema1VariantsDoNotConvertIntoEachOther",
                                kSchema1,
                                layers_of({kDockerGzip}),
                                0,
                                any_dest(),
                                [](CopyOptions& o) { o.manifest_type = std::string(media::docker_v2s1); },
                                "between Docker schema 1 variants",
                                {},
                                {},
                                {}},
                      ImageCase{"ADestinationTakingNoImageTypeIsRefused",
                                kOci,
                                layers_of({kOciGzip}),
                                0,
                                DestinationTraits{{kOciIndex}, 0, false, "d"},
                                no_options,
                                "accepts none of the manifest types",
                                {},
                                {},
                                {}}),
    [](const ::testing::TestParamInfo<ImageCase>& info) { return info.param.name; });

TEST(ListPlan, NeedsADestinationThatKeepsLists) {
  CopyOptions o;
  try {
    plan_list(kOciIndex, 0, oci_only(), o);
    FAIL() << "planned";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("oci:/x cannot store a manifest list"), std::string::npos)
        << e.what();
  }
}

TEST(ListPlan, KeepsItsTypeWhenAcceptedAndFollowsTheForcedFormat) {
  CopyOptions o;
  EXPECT_EQ(plan_list(kDockerList, 0, any_dest(FERRY_DEST_KEEPS_LISTS), o).manifest_types,
            (std::vector<std::string>{kDockerList, kOciIndex}));
  EXPECT_EQ(plan_list(kDockerList, 0, oci_only(FERRY_DEST_KEEPS_LISTS), o).manifest_types,
            std::vector<std::string>{kOciIndex});
  o.manifest_type = kDocker;
  EXPECT_EQ(plan_list(kOciIndex, 0, any_dest(FERRY_DEST_KEEPS_LISTS), o).manifest_types,
            std::vector<std::string>{kDockerList});
}

TEST(ListPlan, PreserveDigestsRefusesAListConversion) {
  CopyOptions o;
  o.preserve_digests = true;
  EXPECT_NO_THROW(plan_list(kOciIndex, 0, oci_only(FERRY_DEST_KEEPS_LISTS), o));
  EXPECT_THROW(plan_list(kDockerList, 0, oci_only(FERRY_DEST_KEEPS_LISTS), o), Error);
}

}  // namespace

namespace ferry {
namespace {

TEST(ImagePlanSigning, MakingASignatureNeedsADestinationThatStoresThem) {
  const std::vector<Descriptor> layers;
  DestinationTraits dest;
  dest.name = "oci:/x";
  CopyOptions o;
  EXPECT_THROW(plan_image(std::string(media::oci_manifest), layers, {.made = 1}, dest, o), Error);
  dest.signatures = true;
  o.compress_format = Compression::zstd;
  // A signature made for what is written allows any conversion.
  EXPECT_NO_THROW(plan_image(std::string(media::oci_manifest), layers, {.made = 1}, dest, o));
}

}  // namespace
}  // namespace ferry

namespace ferry {
namespace {

TEST(ImagePlanSigning, SignedImagesIgnoreWhatTheDestinationOnlyPrefers) {
  DestinationTraits dest;
  dest.name = "dir:/x";
  dest.signatures = true;
  dest.flags = FERRY_DEST_PREFERS_COMPRESSED;
  Descriptor layer;
  layer.media_type = std::string(media::oci_layer);
  CopyOptions o;
  // Unsigned: the uncompressed layer is gzipped on its way in; signed: kept.
  EXPECT_TRUE(plan_image(std::string(media::oci_manifest), {layer}, {}, dest, o).layers_change);
  EXPECT_FALSE(plan_image(std::string(media::oci_manifest), {layer}, {.copied = 1}, dest, o).layers_change);
  dest.flags = FERRY_DEST_WANTS_UNCOMPRESSED;
  layer.media_type = std::string(media::oci_layer_gzip);
  EXPECT_FALSE(plan_image(std::string(media::oci_manifest), {layer}, {.copied = 1}, dest, o).layers_change);
}

TEST(ListPlanSigning, ASignedListIsKeptOrRefused) {
  DestinationTraits dest;
  dest.flags = FERRY_DEST_KEEPS_LISTS;
  dest.manifest_types = {std::string(media::oci_manifest), std::string(media::oci_index)};
  CopyOptions o;
  o.manifest_type = std::string(media::docker_v2s2);
  EXPECT_EQ(plan_list(std::string(media::oci_index), 1, dest, o).manifest_types.front(),
            std::string(media::oci_index));
  EXPECT_THROW(plan_list(std::string(media::docker_list), 1, dest, CopyOptions{}), Error);
  EXPECT_NO_THROW(plan_list(std::string(media::docker_list), 0, dest, CopyOptions{}));
}

}  // namespace
}  // namespace ferry
