// Docker schema 1 manifests (core manifest_schema1, schema1_config): signed
// and unsigned, read, digested without their signatures, and turned into the
// image config a converted image gets.
#include "fuzz_input.hpp"

#include <ferry/core/manifest.hpp>
#include <ferry/media_types.hpp>
#include <ferry/core/schema1_config.hpp>

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ferry;
  const auto bytes = fuzz::as_text(data, size);
  fuzz::accepted([&] { manifest_digest(bytes); });
  fuzz::accepted([&] { schema1_image_config(bytes); });
  for (std::string_view type : {media::docker_v2s1, media::docker_v2s1_signed}) {
    ImageManifest m;
    if (!fuzz::accepted([&] { m = parse_image_manifest(bytes, type); })) continue;
    if (m.empty_layers.size() != m.layers.size())
      fuzz::broken("schema 1 layers and throwaway marks differ in number");
    const auto kept = static_cast<size_t>(std::count(m.empty_layers.begin(), m.empty_layers.end(), false));
    const std::vector<Digest> diff_ids(kept, Digest::of("layer"));
    fuzz::accepted([&] { schema1_to_config(bytes, diff_ids); });
  }
  return 0;
}
