// Manifests and manifest lists (core manifest parsing): bytes from registries
// and image stores, read as every type a registry may claim for them, then
// converted. What ferry writes from a manifest it read must read back.
#include "fuzz_input.hpp"

#include <ferry/core/manifest.hpp>
#include <ferry/media_types.hpp>

namespace {

using namespace ferry;

// Declared types a source can hand over with the bytes ("" = none, detect).
const std::string_view declared_types[] = {"", media::oci_manifest, media::docker_v2s2, media::oci_index,
                                           media::docker_list};

void convert_manifest(const ImageManifest& m) {
  for (std::string_view target : {media::oci_manifest, media::docker_v2s2}) {
    std::string written;
    if (!fuzz::accepted([&] { written = serialize_image_manifest(m, target); })) continue;
    if (!fuzz::accepted([&] { parse_image_manifest(written, target); }))
      fuzz::broken("a converted manifest does not read back");
  }
}

void convert_list(const ManifestList& l) {
  for (std::string_view target : {media::oci_index, media::docker_list}) {
    std::string written;
    if (!fuzz::accepted([&] { written = serialize_manifest_list(l, target); })) continue;
    if (!fuzz::accepted([&] { parse_manifest_list(written, target); }))
      fuzz::broken("a converted manifest list does not read back");
  }
  for (const char* arch : {"amd64", "arm64", "arm"})
    fuzz::accepted([&] { choose_instance(l, host_platform("linux", arch, "")); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto bytes = fuzz::as_text(data, size);
  fuzz::accepted([&] { detect_manifest_type(bytes); });
  fuzz::accepted([&] { manifest_digest(bytes); });
  for (std::string_view declared : declared_types) {
    ImageManifest m;
    if (fuzz::accepted([&] { m = parse_image_manifest(bytes, declared); })) {
      convert_manifest(m);
      for (const auto& layer : m.layers) layer_compression(layer.media_type);
    }
    ManifestList l;
    if (fuzz::accepted([&] { l = parse_manifest_list(bytes, declared); })) convert_list(l);
  }
  return 0;
}
