// Manifest type detection, digests, and parsing of OCI / Docker schema 2
// manifests and lists.
#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/media_types.hpp>

#include "manifest/descriptor.hpp"
#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>
#include "manifest/manifest_schema1.hpp"

#include <nlohmann/json.hpp>

namespace ferry {
namespace {

using nlohmann::json;

// Discarded when `bytes` is not JSON within the limits for manifests: callers
// then treat the type as unknown.
json parse_or_null(std::string_view bytes) {
  try {
    return json_input::parse(bytes, json_input::limits::manifest, "manifest");
  } catch (const json_input::Error&) {
    return json(json::value_t::discarded);
  }
}

std::string label_of(std::string_view mime) {
  return mime.empty() ? std::string("manifest") : std::string(mime) + " manifest";
}

json parse_document(std::string_view bytes, std::string_view mime) {
  json doc = json_input::parse<json>(bytes, json_input::limits::manifest, "the " + label_of(mime));
  if (!doc.is_object()) {
    fail(FERRY_E_INVALID_ARGUMENT, "invalid " + label_of(mime) + ": not a JSON object");
  }
  const auto version = doc.find("schemaVersion");
  if (version == doc.end() || !version->is_number_integer() || version->get<int64_t>() != 2) {
    fail(FERRY_E_INVALID_ARGUMENT, "invalid " + label_of(mime) +
                                       ": field \"schemaVersion\" must be 2, found " +
                                       (version == doc.end() ? std::string("nothing") : version->dump()));
  }
  return doc;
}

std::string declared_media_type(const json& doc, std::string_view fallback, const std::string& where) {
  const auto it = doc.find("mediaType");
  if (it == doc.end() || it->is_null()) return std::string(fallback);
  if (!it->is_string()) {
    fail(FERRY_E_INVALID_ARGUMENT, where + ": field \"mediaType\" must be a string");
  }
  return it->get<std::string>();
}

}  // namespace

std::string detect_manifest_type(std::string_view bytes) {
  const json doc = parse_or_null(bytes);
  if (doc.is_discarded() || !doc.is_object()) return {};
  if (const auto mt = doc.find("mediaType"); mt != doc.end() && mt->is_string()) {
    if (auto declared = mt->get<std::string>(); !declared.empty()) return declared;
  }
  const auto version = doc.find("schemaVersion");
  if (version == doc.end() || !version->is_number_integer()) return {};
  if (version->get<int64_t>() == 1) {
    return std::string(doc.contains("signatures") ? media::docker_v2s1_signed : media::docker_v2s1);
  }
  if (version->get<int64_t>() != 2) return {};
  if (doc.contains("manifests")) return std::string(media::oci_index);
  if (doc.contains("config") && doc.contains("layers")) {
    // Only OCI may omit mediaType, but a Docker config betrays a v2s2 writer
    // that forgot it.
    const auto& config = doc["config"];
    const auto config_type = config.is_object() ? config.find("mediaType") : config.end();
    if (config_type != config.end() && *config_type == media::docker_config) {
      return std::string(media::docker_v2s2);
    }
    return std::string(media::oci_manifest);
  }
  return {};
}

std::string effective_manifest_type(std::string_view bytes, std::string_view declared) {
  return declared.empty() ? detect_manifest_type(bytes) : std::string(declared);
}

bool is_list_type(std::string_view mime) { return mime == media::oci_index || mime == media::docker_list; }

bool is_schema1_type(std::string_view mime) {
  return mime == media::docker_v2s1 || mime == media::docker_v2s1_signed;
}

bool is_image_manifest_type(std::string_view mime) {
  return mime == media::oci_manifest || mime == media::docker_v2s2 || is_schema1_type(mime);
}

Digest manifest_digest(std::string_view bytes, DigestAlgorithm algo) {
  // What a registry addresses by digest is the unsigned payload.
  if (detect_manifest_type(bytes) == media::docker_v2s1_signed) {
    return Digest::of(detail::schema1_signed_payload(bytes), algo);
  }
  return Digest::of(bytes, algo);
}

ImageManifest parse_image_manifest(std::string_view bytes, std::string_view mime) {
  const std::string type = effective_manifest_type(bytes, mime);
  if (is_schema1_type(type)) return detail::parse_schema1_manifest(bytes, type);
  if (is_list_type(type)) {
    fail(FERRY_E_INVALID_ARGUMENT, "expected a single-image manifest, got a manifest list (" + type + ")");
  }
  if (type.empty()) {
    json_input::parse<json>(bytes, json_input::limits::manifest,
                            "the manifest");  // when it is not JSON at all, says why
    fail(FERRY_E_INVALID_ARGUMENT,
         "unrecognized manifest: no \"mediaType\" and not the shape of any known manifest");
  }
  if (!is_image_manifest_type(type)) {
    fail(FERRY_E_NOT_SUPPORTED, "unsupported manifest type \"" + type + "\"");
  }
  const json doc = parse_document(bytes, type);
  const std::string where = "invalid " + label_of(type);

  ImageManifest m;
  m.media_type = declared_media_type(doc, type, where);
  const auto config = doc.find("config");
  if (config == doc.end()) fail(FERRY_E_INVALID_ARGUMENT, where + ": field \"config\" is missing");
  m.config = detail::parse_descriptor(*config, where + ": config");

  const auto layers = doc.find("layers");
  if (layers == doc.end() || !layers->is_array()) {
    fail(FERRY_E_INVALID_ARGUMENT, where + ": field \"layers\" is missing or not an array");
  }
  for (size_t i = 0; i < layers->size(); ++i) {
    m.layers.push_back(detail::parse_descriptor((*layers)[i], where + ": layers[" + std::to_string(i) + "]"));
  }
  m.annotations = detail::parse_annotations(doc, where);
  if (const auto at = doc.find("artifactType"); at != doc.end() && at->is_string()) {
    m.artifact_type = at->get<std::string>();
  }
  return m;
}

ManifestList parse_manifest_list(std::string_view bytes, std::string_view mime) {
  const std::string type = effective_manifest_type(bytes, mime);
  if (!is_list_type(type)) {
    fail(FERRY_E_INVALID_ARGUMENT, "expected a manifest list, got \"" + type + "\"");
  }
  const json doc = parse_document(bytes, type);
  const std::string where = "invalid " + label_of(type);

  ManifestList l;
  l.media_type = declared_media_type(doc, type, where);
  const auto manifests = doc.find("manifests");
  if (manifests == doc.end() || !manifests->is_array()) {
    fail(FERRY_E_INVALID_ARGUMENT, where + ": field \"manifests\" is missing or not an array");
  }
  for (size_t i = 0; i < manifests->size(); ++i) {
    l.manifests.push_back(
        detail::parse_descriptor((*manifests)[i], where + ": manifests[" + std::to_string(i) + "]"));
  }
  l.annotations = detail::parse_annotations(doc, where);
  return l;
}

}  // namespace ferry
