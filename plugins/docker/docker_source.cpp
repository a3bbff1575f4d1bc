#include "docker_source.hpp"

#include "blob_locations.hpp"
#include "blob_reader.hpp"
#include "json_body.hpp"
#include "manifest_types.hpp"
#include "registry_settings.hpp"
#include "signature_referrers.hpp"
#include "sigstore_attachments.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace ferry::plugins::docker {

std::string sha256_digest(std::string_view bytes) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return "sha256:" + Poco::DigestEngine::digestToHex(engine.digest());
}

sdk::Manifest fetch_manifest(RegistryClient& client, const std::string& reference) {
  const std::string what = "reading manifest " + reference + " in " + client.display_name();
  auto resp = client.request("GET", client.repo_target() + "/manifests/" + reference, what,
                             {{"Accept", manifest_accept_header()}});
  if (resp->status() != 200) client.fail(*resp, what);
  sdk::Manifest m;
  try {
    m.bytes = read_json_body(*resp, json_input::limits::manifest,
                             "the manifest " + reference + " in " + client.display_name());
  } catch (const NetworkError& e) {
    throw sdk::Error(FERRY_E_RETRYABLE, what + ": " + e.what());
  }
  m.mime = manifest_mime(resp->header("Content-Type"));
  if (reference.rfind("sha256:", 0) == 0 && sha256_digest(m.bytes) != reference)
    throw sdk::Error(FERRY_E_DIGEST_MISMATCH,
                     what + ": the registry sent a manifest whose digest is " + sha256_digest(m.bytes));
  remember_manifest_blobs(client.endpoint().host, client.repo_path(), m.bytes);
  return m;
}

DockerSource::DockerSource(const sdk::Context& ctx, ImageName name)
    : ctx_(ctx), name_(std::move(name)), signature_storage_(ctx_, name_, false) {
  RegistrySettings s = RegistrySettings::load(ctx_, name_.domain, name_.path);
  for (const auto& e : s.endpoints) {
    // registries.conf may restrict a mirror to pulls by digest or by tag.
    if (e.mirror && ((e.pull_from_mirror == "digest-only" && !name_.digest) ||
                     (e.pull_from_mirror == "tag-only" && name_.digest)))
      continue;
    candidates_.push_back(shared_registry_client(ctx_, s, e, Access::pull));
  }
  if (candidates_.empty()) candidates_.push_back(shared_registry_client(ctx_, s, s.primary(), Access::pull));
}

std::shared_ptr<RegistryClient> DockerSource::chosen() {
  std::lock_guard lock(mutex_);
  return chosen_ ? chosen_ : candidates_.back();
}

sdk::Manifest DockerSource::get_manifest(const std::optional<std::string>& instance) {
  const std::string reference = instance ? *instance : name_.manifest_reference();
  auto remember = [&](sdk::Manifest m) {
    if (!instance) manifest_digest_ = sha256_digest(m.bytes);
    return m;
  };
  {
    std::lock_guard lock(mutex_);
    if (chosen_) return remember(fetch_manifest(*chosen_, reference));
  }
  // The first endpoint that has the image serves everything else too.
  std::optional<sdk::Error> first_error;
  for (const auto& c : candidates_) {
    try {
      sdk::Manifest m = fetch_manifest(*c, reference);
      std::lock_guard lock(mutex_);
      chosen_ = c;
      return remember(std::move(m));
    } catch (const sdk::Error& e) {
      if (c == candidates_.back()) throw;
      sdk::log(FERRY_LOG_INFO, std::string("trying the next endpoint after: ") + e.what());
      if (!first_error) first_error = e;
    }
  }
  throw *first_error;
}

std::unique_ptr<sdk::Reader> DockerSource::get_blob(const sdk::BlobInfo& info, int64_t& size) {
  if (info.digest.empty())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a blob of " + name_.str() + " can only be read by digest");
  auto reader = std::make_unique<BlobReader>(chosen(), info.digest);
  size = reader->size();
  return reader;
}

// A digest reference names its signatures' digest; a tag needs the manifest.
std::string DockerSource::manifest_digest() {
  if (name_.digest && name_.digest->starts_with("sha256:")) return *name_.digest;
  {
    std::lock_guard lock(mutex_);
    if (manifest_digest_) return *manifest_digest_;
  }
  return sha256_digest(get_manifest(std::nullopt).bytes);
}

std::vector<std::string> DockerSource::read_signatures(const std::string& digest) {
  auto client = chosen();
  HttpClient http(client->http_settings());
  std::vector<std::string> sigs = signature_storage_.lookaside(digest).read(http);
  if (signature_storage_.sigstore_attachments())
    for (auto& s : read_sigstore_attachments(client, digest)) sigs.push_back(std::move(s));
  // Referrers only when asked (two more round trips per image otherwise), and
  // only when neither holds any: an image keeps its signatures in one place.
  if (sigs.empty() && ctx_.flag("signatures-as-referrers")) sigs = read_signature_referrers(client, digest);
  return sigs;
}

std::optional<std::string> DockerSource::get_signature(const std::optional<std::string>& instance,
                                                       uint32_t index) {
  const std::string digest = instance ? *instance : manifest_digest();
  std::lock_guard lock(signatures_mutex_);
  auto it = signatures_.find(digest);
  if (it == signatures_.end()) it = signatures_.emplace(digest, read_signatures(digest)).first;
  if (index >= it->second.size()) return std::nullopt;
  return it->second[index];
}

}  // namespace ferry::plugins::docker
