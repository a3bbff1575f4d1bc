// Converting a Docker schema 1 image: schema 1 has no config blob, so one is
// built from the newest history entry's v1Compatibility, the history of all
// entries, and the layers' uncompressed digests (learned while they stream).
#pragma once

#include <ferry/digest/digest.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ferry {

// The image config (Docker container config JSON) for a schema 1 manifest.
// diff_ids: one per non-throwaway layer, base first.
std::string schema1_to_config(std::string_view manifest, const std::vector<Digest>& diff_ids);

// The newest history entry's v1Compatibility: the image's config as far as
// schema 1 records it (what `inspect` shows of such an image).
std::string schema1_image_config(std::string_view manifest);

}  // namespace ferry
