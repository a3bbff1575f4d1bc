// Private to the core: Docker schema 1 manifests.
#pragma once

#include <ferry/core/manifest.hpp>

#include <string>
#include <string_view>

namespace ferry::detail {

// Reads fsLayers/history into base-first layers, marking throwaway ones.
ImageManifest parse_schema1_manifest(std::string_view bytes, std::string_view mime);

// The bytes a signed (prettyjws) schema 1 manifest signs: the JWS removed.
std::string schema1_signed_payload(std::string_view bytes);

}  // namespace ferry::detail
