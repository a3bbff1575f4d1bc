#include "ferry/signature/referrer.hpp"

#include "ferry/signature/blob.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/media_types.hpp>
#include <ferry/plugin.hpp>

namespace ferry::signature {
namespace {

// Ordered, so that the manifest bytes (and so its digest) are stable.
using Json = nlohmann::ordered_json;

Json descriptor(std::string_view media_type, std::string_view bytes) {
  Json d = Json::object();
  d["mediaType"] = media_type;
  d["digest"] = Digest::of(bytes).str();
  d["size"] = bytes.size();
  return d;
}

std::string string_at(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

bool is_signature_artifact(std::string_view artifact_type) {
  return artifact_type == simple_signing_artifact_type || artifact_type == cosign_artifact_type;
}

Referrer make_referrer(const Subject& subject, std::string_view stored_signature) {
  const Blob blob = read_blob(stored_signature);
  Referrer r;
  std::string layer_type;
  Json layer_annotations;
  if (blob.kind == Kind::simple_signing) {
    r.artifact_type = simple_signing_artifact_type;
    layer_type = simple_signing_artifact_type;
    r.layer = blob.data;
  } else {
    const SigstoreSignature s = read_sigstore(blob.data);
    r.artifact_type = cosign_artifact_type;
    layer_type = s.mime_type;
    r.layer = s.payload;
    layer_annotations = Json::object();
    for (const auto& [k, v] : s.annotations) layer_annotations[k] = v;
  }
  Json layer = descriptor(layer_type, r.layer);
  if (!layer_annotations.is_null()) layer["annotations"] = layer_annotations;
  Json m = Json::object();
  m["schemaVersion"] = 2;
  m["mediaType"] = media::oci_manifest;
  m["artifactType"] = r.artifact_type;
  m["config"] = descriptor(empty_config_type, empty_config);
  m["layers"] = Json::array({layer});
  Json subj = Json::object();
  subj["mediaType"] = subject.media_type;
  subj["digest"] = subject.digest;
  subj["size"] = subject.size;
  m["subject"] = subj;
  r.manifest = m.dump();
  return r;
}

std::optional<ReferrerManifest> read_referrer(std::string_view manifest) {
  Json m;
  try {
    m = json_input::parse<Json>(manifest, json_input::limits::manifest, "a signature referrer");
  } catch (const json_input::Error&) {
    return std::nullopt;
  }
  if (!m.is_object()) return std::nullopt;
  ReferrerManifest out;
  out.artifact_type = string_at(m, "artifactType");
  if (!is_signature_artifact(out.artifact_type)) return std::nullopt;
  auto subject = m.find("subject");
  if (subject == m.end() || !subject->is_object()) return std::nullopt;
  out.subject_digest = string_at(*subject, "digest");
  if (out.subject_digest.empty()) return std::nullopt;
  auto layers = m.find("layers");
  if (layers == m.end() || !layers->is_array() || layers->size() != 1 || !(*layers)[0].is_object())
    return out;
  out.one_layer = true;
  const Json& layer = (*layers)[0];
  out.layer_media_type = string_at(layer, "mediaType");
  out.layer_digest = string_at(layer, "digest");
  if (auto s = layer.find("size"); s != layer.end() && s->is_number_unsigned())
    out.layer_size = s->get<uint64_t>();
  if (auto a = layer.find("annotations"); a != layer.end() && a->is_object())
    for (const auto& [k, v] : a->items())
      if (v.is_string()) out.layer_annotations[k] = v.get<std::string>();
  return out;
}

std::string stored_signature(const ReferrerManifest& manifest, std::string layer) {
  if (manifest.artifact_type == simple_signing_artifact_type) return layer;
  SigstoreSignature s;
  s.mime_type = manifest.layer_media_type;
  s.payload = std::move(layer);
  s.annotations = manifest.layer_annotations;
  return stored_form({.kind = Kind::sigstore, .data = write_sigstore(s)});
}

}  // namespace ferry::signature
