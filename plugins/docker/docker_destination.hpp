// Writing an image to a registry. Blobs are invisible until a manifest names
// them, and the manifest is written last. Signatures are collected and
// written at commit, once every manifest is in place: the lookaside's files
// and the sigstore attachments, or with the signatures-as-referrers option
// every signature as an OCI 1.1 referrer (signature_referrers.hpp).
#pragma once

#include "docker_reference.hpp"
#include "registry_client.hpp"
#include "signature_storage.hpp"

#include <ferry/plugin.hpp>
#include <ferry/signature/referrer.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ferry::plugins::docker {

class DockerDestination : public sdk::Destination {
 public:
  DockerDestination(const sdk::Context& ctx, ImageName name);

  bool has_blob(const sdk::BlobInfo& info) override;
  void put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) override;
  void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime) override;
  void put_signature(const std::optional<std::string>& instance, uint32_t index,
                     std::string_view bytes) override;
  void commit() override;

 private:
  std::optional<std::string> mount_source(const std::string& digest) const;

  // The signatures of one manifest, by where they go.
  struct Signatures {
    std::string digest;
    uint32_t count = 0;
    std::vector<std::string> simple;     // to the lookaside
    std::vector<std::string> sigstore;   // to the attachment
    std::vector<std::string> referrers;  // both kinds, with signatures-as-referrers
  };

  sdk::Context ctx_;
  ImageName name_;
  std::shared_ptr<RegistryClient> client_;
  std::optional<std::string> mount_from_;  // the "mount-from" option
  SignatureStorage signature_storage_;
  std::optional<std::string> manifest_digest_;  // of the top-level manifest, once written
  std::vector<Signatures> signatures_;
  bool as_referrers_ = false;                          // the "signatures-as-referrers" option
  std::map<std::string, signature::Subject> written_;  // every manifest written, by digest
};

}  // namespace ferry::plugins::docker
