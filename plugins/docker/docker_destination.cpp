#include "docker_destination.hpp"

#include "blob_locations.hpp"
#include "blob_upload.hpp"
#include "docker_source.hpp"
#include "json_body.hpp"
#include "registry_errors.hpp"
#include "registry_settings.hpp"

namespace ferry::plugins::docker {

DockerDestination::DockerDestination(const sdk::Context& ctx, ImageName name)
    : ctx_(ctx), name_(std::move(name)) {
  RegistrySettings s = RegistrySettings::load(ctx_, name_.domain, name_.path);
  // Pushes go to the primary location only, never to a mirror.
  client_ = std::make_shared<RegistryClient>(ctx_, s, s.primary(), Access::push);
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

}  // namespace ferry::plugins::docker
