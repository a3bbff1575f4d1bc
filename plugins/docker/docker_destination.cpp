#include "docker_destination.hpp"

#include "blob_locations.hpp"
#include "blob_upload.hpp"
#include "docker_source.hpp"
#include "json_body.hpp"
#include "registry_errors.hpp"
#include "registry_settings.hpp"
#include "signature_referrers.hpp"
#include "sigstore_attachments.hpp"

#include <ferry/signature/blob.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ferry::plugins::docker {

DockerDestination::DockerDestination(const sdk::Context& ctx, ImageName name)
    : ctx_(ctx), name_(std::move(name)), signature_storage_(ctx_, name_, true) {
  RegistrySettings s = RegistrySettings::load(ctx_, name_.domain, name_.path);
  // Pushes go to the primary location only, never to a mirror.
  client_ = std::make_shared<RegistryClient>(ctx_, s, s.primary(), Access::push);
  as_referrers_ = ctx_.flag("signatures-as-referrers");
  // "mount-from": a repository of the same registry ("lab/base", or with the
  // registry named: "127.0.0.1:5000/lab/base") to mount missing blobs from.
  if (auto from = ctx_.option("mount-from"); from && !from->empty()) {
    std::string repo = *from;
    if (repo.rfind(name_.domain + "/", 0) == 0)
      repo = repo.substr(name_.domain.size() + 1);
    else if (auto slash = repo.find('/');
             slash != std::string::npos && repo.substr(0, slash).find_first_of(".:") != std::string::npos)
      repo.clear();  // another registry: nothing to mount from
    if (!repo.empty() && repo != client_->repo_path()) mount_from_ = repo;
  }
}

std::optional<std::string> DockerDestination::mount_source(const std::string& digest) const {
  if (auto known = known_location(client_->endpoint().host, digest, client_->repo_path())) return known;
  return mount_from_;
}

bool DockerDestination::has_blob(const sdk::BlobInfo& info) {
  if (info.digest.empty()) return false;
  // Pushed or mounted here earlier in this process (the images of a sync
  // share layers): no need to ask again.
  const std::string& host = client_->endpoint().host;
  if (known_in(host, client_->repo_path(), info.digest)) return true;
  bool present = blob_exists(*client_, info.digest, info.size);
  if (!present) {
    auto from = mount_source(info.digest);
    present = from && mount_blob(*client_, info.digest, *from);
  }
  if (present) remember_blob(host, client_->repo_path(), info.digest);
  return present;
}

void DockerDestination::put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  upload_blob(*client_, info, data);
  if (!info.digest.empty()) remember_blob(client_->endpoint().host, client_->repo_path(), info.digest);
}

void DockerDestination::put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                                     const std::string& mime) {
  std::string reference = instance ? *instance : name_.manifest_reference();
  if (!instance && name_.digest && sha256_digest(bytes) != *name_.digest)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "writing manifest to " + name_.str() + ": its digest is " +
                                                   sha256_digest(bytes) +
                                                   ", not the one the reference names");
  const std::string what = "writing manifest " + reference + " to " + client_->display_name();
  RequestBody body;
  body.bytes = std::string(bytes);
  Headers h;
  if (!mime.empty()) h.emplace_back("Content-Type", mime);
  auto resp = client_->request("PUT", client_->repo_target() + "/manifests/" + reference, what, h, &body);
  int st = resp->status();
  if (st == 201 || st == 200 || st == 202) {
    if (!instance) manifest_digest_ = sha256_digest(bytes);
    // A referrer's subject names the manifest's type: the one sent, else its own mediaType.
    std::string type = mime;
    if (type.empty()) {
      auto j = nlohmann::json::parse(bytes, nullptr, false);
      if (j.is_object() && j.contains("mediaType") && j["mediaType"].is_string())
        type = j["mediaType"].get<std::string>();
    }
    written_[sha256_digest(bytes)] = {
        .media_type = type, .digest = sha256_digest(bytes), .size = bytes.size()};
    remember_manifest_blobs(client_->endpoint().host, client_->repo_path(), bytes);
    return;
  }
  if (st == 400 || st == 415) {
    std::string text;
    try {
      text = read_json_body(*resp, json_input::limits::registry_error, "the registry's error answer");
    } catch (const std::exception&) {
      // too big or cut off: the status alone decides
    }
    std::string code = error_code(text);
    if (st == 415 || code == "MANIFEST_INVALID" || code == "UNSUPPORTED" || code == "MANIFEST_UNVERIFIED")
      throw sdk::Error(FERRY_E_MANIFEST_REJECTED, what + ": the registry does not accept " +
                                                      (mime.empty() ? "this manifest" : mime) + " (" + code +
                                                      ")");
    throw registry_error(what, st, resp->reason(), text);
  }
  client_->fail(*resp, what);
}

void DockerDestination::put_signature(const std::optional<std::string>& instance, uint32_t index,
                                      std::string_view bytes) {
  if (!instance && !manifest_digest_)
    throw sdk::Error(FERRY_E_INTERNAL, "Unknown manifest digest, can't add signatures");
  const std::string digest = instance ? *instance : *manifest_digest_;
  if (bytes.size() > max_signature_size)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a signature of " + digest + " is larger than " +
                                                   std::to_string(max_signature_size >> 20) + " MiB");
  auto it = std::find_if(signatures_.begin(), signatures_.end(),
                         [&](const Signatures& s) { return s.digest == digest; });
  if (it == signatures_.end()) {
    Signatures fresh;
    fresh.digest = digest;
    it = signatures_.insert(signatures_.end(), std::move(fresh));
  }
  if (index != it->count)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "signature " + std::to_string(index) + " of " + digest +
                                                   " given after " + std::to_string(it->count) +
                                                   " signatures");
  if (index >= max_signatures)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "more than " + std::to_string(max_signatures) + " signatures for " + digest);
  // Refused now rather than at commit: nothing more is written for a copy
  // whose signatures cannot be stored.
  signature::Blob blob = signature::read_blob(bytes);
  if (as_referrers_) {
    if (!written_.contains(digest))
      throw sdk::Error(FERRY_E_INTERNAL, "a signature of " + digest + ", a manifest not written here");
    if (blob.kind == signature::Kind::sigstore) signature::read_sigstore(blob.data);
    it->referrers.push_back(signature::stored_form(blob));
  } else if (blob.kind == signature::Kind::sigstore) {
    if (!signature_storage_.sigstore_attachments())
      throw sdk::Error(FERRY_E_NOT_SUPPORTED, "writing sigstore attachments is disabled by configuration");
    signature::read_sigstore(blob.data);  // its JSON is read again at commit: refused here if it cannot be
    it->sigstore.push_back(signature::stored_form(blob));
  } else {
    signature_storage_.lookaside(digest).check_writable();
    it->simple.push_back(signature::stored_form(blob));
  }
  ++it->count;
}

void DockerDestination::commit() {
  for (const Signatures& s : signatures_) {
    if (!s.referrers.empty()) write_signature_referrers(client_, written_.at(s.digest), s.referrers);
    write_sigstore_attachments(client_, s.digest, s.sigstore);
    signature_storage_.lookaside(s.digest).write(s.simple);
  }
}

}  // namespace ferry::plugins::docker
