#include "docker_image.hpp"

#include "docker_destination.hpp"
#include "docker_source.hpp"
#include "json_body.hpp"
#include "link_header.hpp"
#include "manifest_types.hpp"
#include "registry_client.hpp"
#include "registry_settings.hpp"
#include "signature_storage.hpp"

#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>
#include <nlohmann/json.hpp>

namespace ferry::plugins::docker {

std::unique_ptr<sdk::Reference> parse_docker_image(std::string_view text) {
  if (text.substr(0, 2) != "//")
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "docker: image reference " + std::string(text) + " does not start with //");
  return std::make_unique<DockerImage>(ImageName::parse(text.substr(2)), std::string(text.substr(2)));
}

std::unique_ptr<sdk::Source> DockerImage::open_source(const sdk::Context& ctx) const {
  return std::make_unique<DockerSource>(ctx, name_);
}

std::unique_ptr<sdk::Destination> DockerImage::open_destination(const sdk::Context& ctx) const {
  return std::make_unique<DockerDestination>(ctx, name_);
}

void DockerImage::delete_image(const sdk::Context& ctx) const {
  SignatureStorage signatures(ctx, name_, true);
  RegistrySettings s = RegistrySettings::load(ctx, name_.domain, name_.path);
  RegistryClient client(ctx, s, s.primary(), Access::all);
  std::string digest;
  if (name_.digest) {
    digest = *name_.digest;
  } else {
    // The registry deletes manifests by digest only: resolve the tag first.
    const std::string what = "reading manifest " + *name_.tag + " in " + client.display_name();
    auto resp = client.request("HEAD", client.repo_target() + "/manifests/" + *name_.tag, what,
                               {{"Accept", manifest_accept_header()}});
    if (resp->status() != 200) client.fail(*resp, what);
    digest = resp->header("Docker-Content-Digest");
    resp.reset();
    if (digest.empty()) digest = sha256_digest(fetch_manifest(client, *name_.tag).bytes);
  }
  const std::string what = "deleting " + name_.str() + " (manifest " + digest + ")";
  auto resp = client.request("DELETE", client.repo_target() + "/manifests/" + digest, what);
  int st = resp->status();
  if (st == 202 || st == 200 || st == 204) {
    // As skopeo: the manifest first, then its lookaside signatures.
    signatures.lookaside(digest).remove();
    return;
  }
  if (st == 405)
    throw sdk::Error(FERRY_E_NOT_SUPPORTED,
                     what + ": the registry " + name_.domain +
                         " does not allow deleting images (HTTP 405; it must run with deletion enabled, "
                         "storage.delete.enabled in distribution's configuration)");
  client.fail(*resp, what);
}

std::vector<std::string> DockerImage::list_tags(const sdk::Context& ctx) const {
  if (ctx.flag("repository-only") && !name_.tag_defaulted)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "No tag or digest allowed in reference " + written_);
  RegistrySettings s = RegistrySettings::load(ctx, name_.domain, name_.path);
  auto shared = shared_registry_client(ctx, s, s.primary(), Access::pull);
  RegistryClient& client = *shared;
  const std::string what = "fetching tags list of " + client.display_name();
  std::vector<std::string> tags;
  std::string next = client.repo_target() + "/tags/list";
  for (int page = 0; !next.empty(); ++page) {
    if (page >= 10000) throw sdk::Error(FERRY_E_IO, what + ": more than 10000 pages");
    auto resp = client.request("GET", next, what);
    if (resp->status() != 200) client.fail(*resp, what);
    std::string link = resp->header("Link");
    const std::string document = "the tag list of " + client.display_name();
    const auto& limits = json_input::limits::tag_list_page;
    std::vector<std::string> page_tags;
    try {
      auto j = json_input::parse(read_json_body(*resp, limits, document), limits, document);
      page_tags = json_input::Fields<nlohmann::json>(j, document).strings("tags").value_or(page_tags);
    } catch (const NetworkError& e) {
      throw sdk::Error(FERRY_E_RETRYABLE, what + ": " + e.what());
    }
    tags.insert(tags.end(), std::make_move_iterator(page_tags.begin()),
                std::make_move_iterator(page_tags.end()));
    next = next_link(link).value_or("");
  }
  return tags;
}

void check_login(const std::string& server, const sdk::Context& ctx) {
  std::string host = server.substr(0, server.find('/'));
  std::string path = server.find('/') == std::string::npos ? "" : server.substr(server.find('/') + 1);
  RegistrySettings s = RegistrySettings::load(ctx, host, path);
  RegistryClient client(ctx, s, s.primary(), Access::pull);
  const std::string what = "authenticating to " + server;
  RequestOptions o;
  o.no_repository_scope = true;  // a token for the registry itself, with no repository access
  auto resp = client.request("GET", "/v2/", what, {}, nullptr, o);
  if (resp->status() == 200) return;
  if (resp->status() == 401) throw sdk::Error(FERRY_E_UNAUTHORIZED, what + ": invalid username/password");
  client.fail(*resp, what);
}

}  // namespace ferry::plugins::docker
