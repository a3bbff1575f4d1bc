#include "signature_referrers.hpp"

#include "blob_reader.hpp"
#include "blob_upload.hpp"
#include "docker_source.hpp"
#include "json_body.hpp"
#include "lookaside.hpp"
#include "manifest_types.hpp"

#include <ferry/json_input/parse.hpp>
#include <ferry/media_types.hpp>
#include <nlohmann/json.hpp>

#include <optional>

namespace ferry::plugins::docker {
namespace {

using Json = nlohmann::ordered_json;

std::string string_at(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

bool ok(int status) { return status == 200 || status == 201 || status == 202; }

// A JSON document the registry serves (an index or a manifest), bounded as a manifest.
std::string read_document(HttpResponse& resp, const std::string& what, const std::string& document) {
  try {
    return read_json_body(resp, json_input::limits::manifest, document);
  } catch (const NetworkError& e) {
    throw sdk::Error(FERRY_E_RETRYABLE, what + ": " + e.what());
  }
}

// The referrers list of `digest`: the API's answer, else the tag's index;
// nullopt when there is none.
std::optional<Json> fetch_index(RegistryClient& client, const std::string& digest, bool use_api) {
  if (use_api) {
    const std::string what = "reading the referrers of " + digest + " in " + client.display_name();
    auto resp = client.request("GET", client.repo_target() + "/referrers/" + digest, what,
                               {{"Accept", std::string(media::oci_index)}});
    // Anything but an index (distribution 2.8 answers 404) means no API.
    if (resp->status() == 200 && manifest_mime(resp->header("Content-Type")) == media::oci_index) {
      const std::string document = "the referrers of " + digest + " in " + client.display_name();
      return json_input::parse<Json>(read_document(*resp, what, document), json_input::limits::manifest,
                                     document);
    }
  }
  const std::string tag = referrers_tag(digest);
  const std::string what = "reading the referrers tag " + tag + " in " + client.display_name();
  auto resp = client.request("GET", client.repo_target() + "/manifests/" + tag, what,
                             {{"Accept", std::string(media::oci_index)}});
  if (resp->status() == 404) return std::nullopt;
  if (resp->status() != 200) client.fail(*resp, what);
  const std::string document = "the referrers tag " + tag + " in " + client.display_name();
  Json index =
      json_input::parse<Json>(read_document(*resp, what, document), json_input::limits::manifest, document);
  if (!index.is_object() || string_at(index, "mediaType") != media::oci_index)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, document + " is not an OCI image index");
  return index;
}

// Bytes the registry serves for `digest`, whole, at most `limit`, checked.
std::string fetch_checked(const std::shared_ptr<RegistryClient>& client, const std::string& digest,
                          bool manifest, size_t limit, const std::string& what) {
  std::string bytes;
  if (manifest) {
    auto resp = client->request("GET", client->repo_target() + "/manifests/" + digest, what,
                                {{"Accept", std::string(media::oci_manifest)}});
    if (resp->status() != 200) client->fail(*resp, what);
    bytes = read_document(*resp, what, what);
  } else {
    BlobReader reader(client, digest);
    char buf[16384];
    for (size_t n; (n = reader.read(buf, sizeof buf)) > 0;) {
      bytes.append(buf, n);
      if (bytes.size() > limit)
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                         what + " is larger than " + std::to_string(limit >> 20) + " MiB");
    }
  }
  if (sha256_digest(bytes) != digest)
    throw sdk::Error(FERRY_E_DIGEST_MISMATCH, what + " in " + client->display_name() + " has another digest");
  return bytes;
}

void put_manifest(RegistryClient& client, const std::string& reference, std::string_view mime,
                  const std::string& bytes, const std::string& what, bool* subject_tracked) {
  RequestBody body;
  body.bytes = bytes;
  auto resp = client.request("PUT", client.repo_target() + "/manifests/" + reference, what,
                             {{"Content-Type", std::string(mime)}}, &body);
  if (!ok(resp->status())) client.fail(*resp, what);
  // The spec's sign that the registry lists the referrer itself.
  if (subject_tracked && resp->header("OCI-Subject").empty()) *subject_tracked = false;
}

}  // namespace

std::string referrers_tag(const std::string& digest) {
  std::string tag = digest;
  if (auto colon = tag.find(':'); colon != std::string::npos) tag[colon] = '-';
  return tag;
}

std::vector<std::string> read_signature_referrers(const std::shared_ptr<RegistryClient>& client,
                                                  const std::string& digest) {
  std::vector<std::string> out;
  auto index = fetch_index(*client, digest, true);
  if (!index) return out;
  auto entries = index->find("manifests");
  if (entries == index->end() || !entries->is_array()) return out;
  for (const Json& entry : *entries) {
    if (!entry.is_object() || !signature::is_signature_artifact(string_at(entry, "artifactType"))) continue;
    if (out.size() >= max_signatures)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "more than " + std::to_string(max_signatures) +
                                                     " signature referrers of " + digest + " in " +
                                                     client->display_name());
    const std::string manifest_digest = string_at(entry, "digest");
    const std::string what = "the signature referrer " + manifest_digest + " of " + digest;
    auto m = signature::read_referrer(
        fetch_checked(client, manifest_digest, true, json_input::limits::manifest.max_bytes, what));
    if (!m || m->subject_digest != digest) continue;
    if (!m->one_layer || m->layer_size > signature::max_referrer_signature)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, what + " does not hold one layer of at most 4 MiB");
    out.push_back(signature::stored_signature(
        *m,
        fetch_checked(client, m->layer_digest, false, signature::max_referrer_signature, what + "'s layer")));
  }
  return out;
}

void write_signature_referrers(const std::shared_ptr<RegistryClient>& client,
                               const signature::Subject& subject,
                               const std::vector<std::string>& signatures) {
  if (signatures.empty()) return;
  upload_blob_bytes(*client, sha256_digest(signature::empty_config), signature::empty_config);
  bool subject_tracked = true;
  Json fresh = Json::array();
  for (const std::string& stored : signatures) {
    const signature::Referrer r = signature::make_referrer(subject, stored);
    upload_blob_bytes(*client, sha256_digest(r.layer), r.layer);
    const std::string digest = sha256_digest(r.manifest);
    put_manifest(*client, digest, media::oci_manifest, r.manifest,
                 "writing signature referrer " + digest + " to " + client->display_name(), &subject_tracked);
    Json d = Json::object();
    d["mediaType"] = media::oci_manifest;
    d["digest"] = digest;
    d["size"] = r.manifest.size();
    d["artifactType"] = r.artifact_type;
    fresh.push_back(d);
  }
  if (subject_tracked) return;

  // The tag schema: this subject's signatures are replaced, other referrers kept.
  auto index = fetch_index(*client, subject.digest, false);
  Json manifests = Json::array();
  if (index)
    if (auto old = index->find("manifests"); old != index->end() && old->is_array())
      for (const Json& entry : *old)
        if (entry.is_object() && !signature::is_signature_artifact(string_at(entry, "artifactType")))
          manifests.push_back(entry);
  for (const Json& d : fresh) manifests.push_back(d);
  Json out = Json::object();
  out["schemaVersion"] = 2;
  out["mediaType"] = media::oci_index;
  out["manifests"] = manifests;
  const std::string tag = referrers_tag(subject.digest);
  put_manifest(*client, tag, media::oci_index, out.dump(),
               "writing the referrers tag " + tag + " to " + client->display_name(), nullptr);
}

}  // namespace ferry::plugins::docker
