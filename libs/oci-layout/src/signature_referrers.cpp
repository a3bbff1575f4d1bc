#include "ferry/oci_layout/signature_referrers.hpp"

#include <ferry/file_io/file_reader.hpp>
#include <ferry/media_types.hpp>
#include <ferry/signature/referrer.hpp>

namespace ferry::oci_layout {
namespace {

std::optional<std::string> read_blob(const Layout& layout, const std::string& digest, size_t limit) {
  try {
    const Digest d = Digest::parse(digest, layout.index_label());
    auto bytes = file_io::read_small_file(layout.blob_path(d), limit);
    if (!bytes || Digest::of(*bytes, d.algorithm()) != d) return std::nullopt;
    return bytes;
  } catch (const sdk::Error&) {
    return std::nullopt;
  }
}

std::string string_at(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// The entry's artifact manifest, when it is a signature referrer that can be read.
std::optional<signature::ReferrerManifest> read_manifest(const Layout& layout, const Json& entry) {
  auto text = read_blob(layout, string_at(entry, "digest"), file_io::max_small_file);
  if (!text) return std::nullopt;
  return signature::read_referrer(*text);
}

}  // namespace

Json store_signature_referrer(BlobStore& store, const Json& subject, std::string_view stored_signature) {
  const signature::Referrer r =
      signature::make_referrer({.media_type = subject.at("mediaType").get<std::string>(),
                                .digest = subject.at("digest").get<std::string>(),
                                .size = subject.at("size").get<uint64_t>()},
                               stored_signature);
  store.put_bytes(Digest::of(r.layer), r.layer);
  store.put_bytes(Digest::of(signature::empty_config), signature::empty_config);
  store.put_bytes(Digest::of(r.manifest), r.manifest);

  Json entry = Json::object();
  entry["mediaType"] = media::oci_manifest;
  entry["digest"] = Digest::of(r.manifest).str();
  entry["size"] = r.manifest.size();
  entry["artifactType"] = r.artifact_type;
  return entry;
}

bool is_signature_referrer(const Json& entry) {
  return signature::is_signature_artifact(string_at(entry, "artifactType"));
}

std::optional<std::string> signature_subject(const Layout& layout, const Json& entry) {
  if (!is_signature_referrer(entry)) return std::nullopt;
  auto m = read_manifest(layout, entry);
  if (m) return m->subject_digest;
  return std::nullopt;
}

std::vector<std::string> signatures_of(const Layout& layout, const Json& index, const std::string& digest) {
  std::vector<std::string> out;
  auto entries = index.find("manifests");
  if (entries == index.end() || !entries->is_array()) return out;
  for (const auto& entry : *entries) {
    if (!entry.is_object() || !is_signature_referrer(entry)) continue;
    auto m = read_manifest(layout, entry);
    if (!m || m->subject_digest != digest) continue;
    if (!m->one_layer)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a signature referrer of " + digest + " in " +
                                                     layout.index_label() + " does not hold one layer");
    auto bytes = read_blob(layout, m->layer_digest, signature::max_referrer_signature);
    if (!bytes)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a signature of " + digest + " in " + layout.index_label() +
                                                     " is missing, damaged or larger than 4 MiB");
    out.push_back(signature::stored_signature(*m, std::move(*bytes)));
  }
  return out;
}

}  // namespace ferry::oci_layout
