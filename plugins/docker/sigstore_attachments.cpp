#include "sigstore_attachments.hpp"

#include "blob_reader.hpp"
#include "blob_upload.hpp"
#include "docker_source.hpp"
#include "json_body.hpp"
#include "lookaside.hpp"
#include "manifest_types.hpp"

#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/signature/blob.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>

namespace ferry::plugins::docker {
namespace {

constexpr const char* oci_manifest = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* oci_config = "application/vnd.oci.image.config.v1+json";

struct Descriptor {
  std::string media_type;
  std::string digest;
  int64_t size = 0;
  std::map<std::string, std::string> annotations;

  bool operator==(const Descriptor&) const = default;
};

struct Attachment {
  Descriptor config;
  std::vector<Descriptor> layers;
  std::map<std::string, std::string> annotations;
};

using Fields = json_input::Fields<nlohmann::json>;

Descriptor read_descriptor(const Fields& f) {
  Descriptor d;
  d.media_type = f.string("mediaType").value_or("");
  d.digest = f.string("digest").value_or("");
  d.size = f.integer("size").value_or(0);
  d.annotations = f.string_map("annotations").value_or(d.annotations);
  return d;
}

nlohmann::ordered_json descriptor_json(const Descriptor& d) {
  nlohmann::ordered_json j;
  j["mediaType"] = d.media_type;
  j["digest"] = d.digest;
  j["size"] = d.size;
  if (!d.annotations.empty()) j["annotations"] = d.annotations;
  return j;
}

// As containers/image serializes its OCI manifest struct: the field order
// and the omitted empty members are part of the bytes other tools see.
std::string manifest_bytes(const Attachment& a) {
  nlohmann::ordered_json m;
  m["schemaVersion"] = 2;
  m["mediaType"] = oci_manifest;
  m["config"] = descriptor_json(a.config);
  m["layers"] = nlohmann::ordered_json::array();
  for (const auto& l : a.layers) m["layers"].push_back(descriptor_json(l));
  if (!a.annotations.empty()) m["annotations"] = a.annotations;
  return m.dump();
}

std::string config_bytes(const std::vector<std::string>& diff_ids) {
  nlohmann::ordered_json c;
  c["architecture"] = "";
  c["os"] = "";
  c["config"] = nlohmann::ordered_json::object();
  c["rootfs"]["type"] = "layers";
  c["rootfs"]["diff_ids"] = diff_ids;
  return c.dump();
}

// A blob of the attachment, whole, checked against its digest.
std::string read_blob(const std::shared_ptr<RegistryClient>& client, const Descriptor& d, size_t limit,
                      const std::string& what) {
  if (d.size < 0 || static_cast<uint64_t>(d.size) > limit)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     what + " " + d.digest + " is larger than " + std::to_string(limit >> 20) + " MiB");
  BlobReader reader(client, d.digest);
  std::string bytes;
  char buf[16384];
  for (size_t n; (n = reader.read(buf, sizeof buf)) > 0;) {
    bytes.append(buf, n);
    if (bytes.size() > static_cast<uint64_t>(d.size))
      throw sdk::Error(FERRY_E_DIGEST_MISMATCH,
                       what + " " + d.digest + " is longer than its descriptor says");
  }
  if (sha256_digest(bytes) != d.digest)
    throw sdk::Error(FERRY_E_DIGEST_MISMATCH,
                     what + " " + d.digest + " in " + client->display_name() + " has another digest");
  return bytes;
}

// The attachment manifest, or nullopt when there is none (or it is not an OCI
// image manifest, which containers/image ignores too).
std::optional<Attachment> fetch_attachment(RegistryClient& client, const std::string& tag) {
  const std::string what = "reading sigstore attachment " + tag + " in " + client.display_name();
  auto resp = client.request("GET", client.repo_target() + "/manifests/" + tag, what,
                             {{"Accept", manifest_accept_header()}});
  if (resp->status() == 404) return std::nullopt;
  if (resp->status() != 200) client.fail(*resp, what);
  const std::string document = "the sigstore attachment " + tag + " in " + client.display_name();
  std::string bytes;
  try {
    bytes = read_json_body(*resp, json_input::limits::manifest, document);
  } catch (const NetworkError& e) {
    throw sdk::Error(FERRY_E_RETRYABLE, what + ": " + e.what());
  }
  auto j = json_input::parse<nlohmann::json>(bytes, json_input::limits::manifest, document);
  Fields f(j, document);
  std::string mime = manifest_mime(resp->header("Content-Type"));
  if (mime.empty()) mime = f.string("mediaType").value_or("");
  if (mime != oci_manifest) {
    sdk::log(FERRY_LOG_DEBUG, "ignoring " + document + " of type \"" + mime + "\"");
    return std::nullopt;
  }
  Attachment a;
  if (auto config = f.fields("config")) a.config = read_descriptor(*config);
  if (const auto* layers = f.array("layers")) {
    if (layers->size() > max_signatures)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       document + " has more than " + std::to_string(max_signatures) + " layers");
    for (size_t i = 0; i < layers->size(); ++i)
      a.layers.push_back(
          read_descriptor(Fields((*layers)[i], document, "layers[" + std::to_string(i) + "]")));
  }
  a.annotations = f.string_map("annotations").value_or(a.annotations);
  return a;
}

}  // namespace

std::string sigstore_attachment_tag(const std::string& digest) {
  std::string tag = digest;
  if (auto colon = tag.find(':'); colon != std::string::npos) tag[colon] = '-';
  return tag + ".sig";
}

std::vector<std::string> read_sigstore_attachments(const std::shared_ptr<RegistryClient>& client,
                                                   const std::string& digest) {
  auto attachment = fetch_attachment(*client, sigstore_attachment_tag(digest));
  std::vector<std::string> out;
  if (!attachment) return out;
  // Every layer, whatever its type: the policy decides which ones count.
  for (const Descriptor& layer : attachment->layers) {
    signature::SigstoreSignature sig;
    sig.mime_type = layer.media_type;
    sig.payload = read_blob(client, layer, max_signature_size, "sigstore attachment layer");
    sig.annotations = layer.annotations;
    out.push_back(
        signature::stored_form({.kind = signature::Kind::sigstore, .data = signature::write_sigstore(sig)}));
  }
  return out;
}

void write_sigstore_attachments(const std::shared_ptr<RegistryClient>& client, const std::string& digest,
                                const std::vector<std::string>& signatures) {
  if (signatures.empty()) return;
  const std::string tag = sigstore_attachment_tag(digest);
  Attachment a;
  std::vector<std::string> diff_ids;
  if (auto existing = fetch_attachment(*client, tag)) {
    a = std::move(*existing);
    std::string config =
        read_blob(client, a.config, json_input::limits::image_config.max_bytes, "sigstore attachment config");
    const std::string document = "the config of sigstore attachment " + tag + " in " + client->display_name();
    auto j = json_input::parse<nlohmann::json>(config, json_input::limits::image_config, document);
    if (auto rootfs = Fields(j, document).fields("rootfs"))
      diff_ids = rootfs->strings("diff_ids").value_or(diff_ids);
  }
  bool added = false;
  for (const std::string& stored : signatures) {
    signature::SigstoreSignature sig = signature::read_sigstore(signature::read_blob(stored).data);
    Descriptor layer{.media_type = sig.mime_type,
                     .digest = sha256_digest(sig.payload),
                     .size = static_cast<int64_t>(sig.payload.size()),
                     .annotations = sig.annotations};
    bool present = false;
    for (const Descriptor& l : a.layers) present = present || l == layer;
    if (present) continue;
    if (a.layers.size() >= max_signatures)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the sigstore attachment " + tag + " would have more than " +
                                                     std::to_string(max_signatures) + " signatures");
    upload_blob_bytes(*client, layer.digest, sig.payload);
    a.layers.push_back(layer);
    diff_ids.push_back(layer.digest);
    added = true;
  }
  if (!added) return;
  std::string config = config_bytes(diff_ids);
  a.config = Descriptor{.media_type = oci_config,
                        .digest = sha256_digest(config),
                        .size = static_cast<int64_t>(config.size()),
                        .annotations = {}};
  upload_blob_bytes(*client, a.config.digest, config);
  const std::string what = "writing sigstore attachment " + tag + " to " + client->display_name();
  RequestBody body;
  body.bytes = manifest_bytes(a);
  auto resp = client->request("PUT", client->repo_target() + "/manifests/" + tag, what,
                              {{"Content-Type", oci_manifest}}, &body);
  if (resp->status() != 201 && resp->status() != 200 && resp->status() != 202) client->fail(*resp, what);
}

}  // namespace ferry::plugins::docker
