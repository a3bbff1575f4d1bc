// Image manifests and lists: parsing, type detection, digests, conversion
// between OCI and Docker schema 2, and reading Docker schema 1.
#pragma once

#include <ferry/compression/compression.hpp>
#include <ferry/digest/digest.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry {

struct Platform {
  std::string os;
  std::string architecture;
  std::string variant;  // empty when none
  std::string os_version;
  std::vector<std::string> os_features;
};

struct Descriptor {
  std::string media_type;
  Digest digest{DigestAlgorithm::sha256, std::string(64, '0')};
  int64_t size = -1;
  std::vector<std::string> urls;
  std::map<std::string, std::string> annotations;
  std::optional<Platform> platform;  // only in lists
};

// A single-image manifest (OCI image manifest, Docker schema 2, or schema 1
// read into the same shape).
struct ImageManifest {
  std::string media_type;  // of the manifest itself
  Descriptor config;       // schema 1 has none: config.size == -1 and media_type empty
  std::vector<Descriptor> layers;
  std::map<std::string, std::string> annotations;
  std::string artifact_type;  // OCI only, may be empty
  // Schema 1 only: which layers are throwaway history entries (an empty blob
  // that a converted image leaves out). Empty for every other type.
  std::vector<bool> empty_layers;
};

struct ManifestList {
  std::string media_type;
  std::vector<Descriptor> manifests;
  std::map<std::string, std::string> annotations;
};

// The MIME type of manifest bytes: the "mediaType" field when present,
// otherwise guessed from the shape (schemaVersion 1 -> v2s1 (signed if it has
// "signatures"), "manifests" -> OCI index, "config"+"layers" -> OCI manifest).
std::string detect_manifest_type(std::string_view bytes);

// The type to use: `declared` when non-empty, else detect_manifest_type(bytes).
std::string effective_manifest_type(std::string_view bytes, std::string_view declared);

bool is_list_type(std::string_view mime);
bool is_schema1_type(std::string_view mime);
bool is_image_manifest_type(std::string_view mime);  // OCI manifest, v2s2, v2s1

// The digest of manifest bytes; for signed schema 1 the JWS signatures are
// stripped first (what `skopeo manifest-digest` prints).
Digest manifest_digest(std::string_view bytes, DigestAlgorithm algo = DigestAlgorithm::sha256);

// Parse (schema 1: every fsLayer, base first, throwaways marked in
// empty_layers). Throw ferry::Error(FERRY_E_INVALID_ARGUMENT, "... manifest ...") on
// malformed JSON, a missing field, or a bad digest.
ImageManifest parse_image_manifest(std::string_view bytes, std::string_view mime);
ManifestList parse_manifest_list(std::string_view bytes, std::string_view mime);

// Compression a layer media type declares.
Compression layer_compression(std::string_view layer_media_type);

// The layer media type for `compression` in the manifest family of
// `manifest_mime` (OCI or Docker). Docker has no uncompressed-zstd pair for
// every case; throws FERRY_E_MANIFEST_REJECTED when the family cannot say it.
std::string layer_media_type_for(std::string_view manifest_mime, Compression compression,
                                 bool foreign = false);

// Serialize a manifest in `target_mime` (OCI manifest or v2s2), mapping
// config and layer media types across families. Output is compact JSON with
// the field order the containers tools write (schemaVersion, mediaType,
// config, layers, annotations). Throws FERRY_E_MANIFEST_REJECTED when the
// target cannot express the manifest (for example zstd layers in v2s2).
std::string serialize_image_manifest(const ImageManifest& m, std::string_view target_mime);

// Same for lists: OCI index <-> Docker manifest list; instance descriptors keep
// their digests unless the caller changed them.
std::string serialize_manifest_list(const ManifestList& l, std::string_view target_mime);

// The platform this process runs on, with --override-os/-arch/-variant applied
// (empty strings mean "no override"). Architecture uses Go names (amd64, arm64).
Platform host_platform(const std::string& os_override, const std::string& arch_override,
                       const std::string& variant_override);

// Index into l.manifests of the best instance for `want`, or throws
// FERRY_E_INVALID_ARGUMENT with containers/image's message: no image found in
// manifest list (or image index) for architecture "X", variant "Y", OS "Z".
// An instance whose variant is empty matches any wanted variant when no exact
// variant match exists (arm64 defaults to v8, arm to v7).
size_t choose_instance(const ManifestList& l, const Platform& want);

}  // namespace ferry
