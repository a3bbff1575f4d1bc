#include "signature_storage.hpp"

#include "docker_scopes.hpp"
#include "registries_d.hpp"

namespace ferry::plugins::docker {

SignatureStorage::SignatureStorage(const sdk::Context& ctx, const ImageName& name, bool write)
    : repo_path_(name.path) {
  RegistriesD config = RegistriesD::load(RegistriesD::directory(ctx.option("registries.d")));
  const auto scopes = docker_scopes(name);
  base_ = config.lookaside_url(scopes, write);
  attachments_ = config.use_sigstore_attachments(scopes);
}

}  // namespace ferry::plugins::docker
