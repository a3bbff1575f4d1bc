#include "ferry/oci_layout/signature_referrers.hpp"

#include <ferry/file_io/file_reader.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/media_types.hpp>
#include <ferry/signature/blob.hpp>

namespace ferry::oci_layout {
namespace {

constexpr std::string_view simple_signing_artifact = "application/vnd.ferry.signature.simple-signing.v1";
constexpr std::string_view cosign_artifact = "application/vnd.dev.cosign.artifact.sig.v1+json";
// The OCI 1.1 empty descriptor's content.
constexpr std::string_view empty_config = "{}";
constexpr std::string_view empty_media_type = "application/vnd.oci.empty.v1+json";
// containers/image's bound on one signature.
constexpr size_t max_signature = 4 * 1024 * 1024;

Json descriptor(std::string_view media_type, std::string_view bytes) {
  Json d = Json::object();
  d["mediaType"] = media_type;
  d["digest"] = Digest::of(bytes).str();
  d["size"] = bytes.size();
  return d;
}

std::optional<std::string> read_blob(const Layout& layout, const Json& desc, size_t limit) {
  auto dg = desc.find("digest");
  if (dg == desc.end() || !dg->is_string()) return std::nullopt;
  try {
    const Digest d = Digest::parse(dg->get<std::string>(), layout.index_label());
    auto bytes = file_io::read_small_file(layout.blob_path(d), limit);
    if (!bytes || Digest::of(*bytes, d.algorithm()) != d) return std::nullopt;
    return bytes;
  } catch (const sdk::Error&) {
    return std::nullopt;
  }
}

std::optional<Json> read_manifest(const Layout& layout, const Json& entry) {
  auto text = read_blob(layout, entry, file_io::max_small_file);
  if (!text) return std::nullopt;
  try {
    Json m = json_input::parse<Json>(*text, json_input::limits::manifest, "a signature referrer");
    if (m.is_object()) return m;
  } catch (const json_input::Error&) {
  }
  return std::nullopt;
}

std::string string_at(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Json store_signature_referrer(BlobStore& store, const Json& subject, std::string_view stored_signature) {
  const signature::Blob blob = signature::read_blob(stored_signature);
  std::string layer_bytes, artifact_type, layer_type;
  Json layer_annotations;
  if (blob.kind == signature::Kind::simple_signing) {
    artifact_type = simple_signing_artifact;
    layer_type = simple_signing_artifact;
    layer_bytes = blob.data;
  } else {
    const signature::SigstoreSignature s = signature::read_sigstore(blob.data);
    artifact_type = cosign_artifact;
    layer_type = s.mime_type;
    layer_bytes = s.payload;
    layer_annotations = Json::object();
    for (const auto& [k, v] : s.annotations) layer_annotations[k] = v;
  }
  store.put_bytes(Digest::of(layer_bytes), layer_bytes);
  store.put_bytes(Digest::of(empty_config), empty_config);

  Json layer = descriptor(layer_type, layer_bytes);
  if (!layer_annotations.is_null()) layer["annotations"] = layer_annotations;
  Json m = Json::object();
  m["schemaVersion"] = 2;
  m["mediaType"] = media::oci_manifest;
  m["artifactType"] = artifact_type;
  m["config"] = descriptor(empty_media_type, empty_config);
  m["layers"] = Json::array({layer});
  Json subj = Json::object();
  for (const char* key : {"mediaType", "digest", "size"}) subj[key] = subject.at(key);
  m["subject"] = subj;
  const std::string bytes = m.dump();
  store.put_bytes(Digest::of(bytes), bytes);

  Json entry = descriptor(media::oci_manifest, bytes);
  entry["artifactType"] = artifact_type;
  return entry;
}

bool is_signature_referrer(const Json& entry) {
  const std::string type = string_at(entry, "artifactType");
  return type == simple_signing_artifact || type == cosign_artifact;
}

std::optional<std::string> signature_subject(const Layout& layout, const Json& entry) {
  if (!is_signature_referrer(entry)) return std::nullopt;
  auto m = read_manifest(layout, entry);
  if (!m) return std::nullopt;
  auto subject = m->find("subject");
  if (subject == m->end() || !subject->is_object()) return std::nullopt;
  const std::string d = string_at(*subject, "digest");
  return d.empty() ? std::nullopt : std::optional(d);
}

std::vector<std::string> signatures_of(const Layout& layout, const Json& index, const std::string& digest) {
  std::vector<std::string> out;
  auto entries = index.find("manifests");
  if (entries == index.end() || !entries->is_array()) return out;
  for (const auto& entry : *entries) {
    if (!entry.is_object() || !is_signature_referrer(entry)) continue;
    auto m = read_manifest(layout, entry);
    if (!m || !m->contains("subject") || !(*m)["subject"].is_object() ||
        string_at((*m)["subject"], "digest") != digest)
      continue;
    auto layers = m->find("layers");
    if (layers == m->end() || !layers->is_array() || layers->size() != 1 || !(*layers)[0].is_object())
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a signature referrer of " + digest + " in " +
                                                     layout.index_label() + " does not hold one layer");
    const Json& layer = (*layers)[0];
    auto bytes = read_blob(layout, layer, max_signature);
    if (!bytes)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a signature of " + digest + " in " + layout.index_label() +
                                                     " is missing, damaged or larger than 4 MiB");
    if (string_at(entry, "artifactType") == simple_signing_artifact) {
      out.push_back(*bytes);
      continue;
    }
    signature::SigstoreSignature s;
    s.mime_type = string_at(layer, "mediaType");
    s.payload = std::move(*bytes);
    if (auto a = layer.find("annotations"); a != layer.end() && a->is_object())
      for (const auto& [k, v] : a->items())
        if (v.is_string()) s.annotations[k] = v.get<std::string>();
    out.push_back(
        signature::stored_form({.kind = signature::Kind::sigstore, .data = signature::write_sigstore(s)}));
  }
  return out;
}

}  // namespace ferry::oci_layout
