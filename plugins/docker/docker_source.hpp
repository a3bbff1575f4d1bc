// Reading an image from a registry. Pulls try the endpoints in the host's
// order (mirrors first, the primary last) and stay with the first that has
// the image.
#pragma once

#include "docker_reference.hpp"
#include "registry_client.hpp"
#include "signature_storage.hpp"

#include <ferry/plugin.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::docker {

class DockerSource : public sdk::Source {
 public:
  DockerSource(const sdk::Context& ctx, ImageName name);

  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override;
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override;
  // The lookaside's signatures, then the sigstore attachment's when enabled;
  // when neither has any, the signature referrers (signature_referrers.hpp).
  std::optional<std::string> get_signature(const std::optional<std::string>& instance,
                                           uint32_t index) override;

 private:
  sdk::Manifest fetch(RegistryClient& client, const std::string& reference);
  std::shared_ptr<RegistryClient> chosen();
  std::string manifest_digest();
  std::vector<std::string> read_signatures(const std::string& digest);

  sdk::Context ctx_;
  ImageName name_;
  std::vector<std::shared_ptr<RegistryClient>> candidates_;
  std::mutex mutex_;
  std::shared_ptr<RegistryClient> chosen_;
  SignatureStorage signature_storage_;
  std::optional<std::string> manifest_digest_;  // of the image the reference names, once fetched
  std::mutex signatures_mutex_;
  std::map<std::string, std::vector<std::string>> signatures_;  // by manifest digest, read once
};

// The manifest at `reference` (tag or digest) of client's repository;
// verified against the digest when fetched by one.
sdk::Manifest fetch_manifest(RegistryClient& client, const std::string& reference);

std::string sha256_digest(std::string_view bytes);

}  // namespace ferry::plugins::docker
