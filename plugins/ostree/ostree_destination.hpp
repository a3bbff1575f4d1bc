// Writing an image to an ostree repository as containers/image does: a
// commit per layer (ociimage/<compressed hex>: the unpacked tree plus the
// tar-split that rebuilds the tar), one per config (ociimage/<hex>:
// /content), and the image's (ociimage/<escaped name:tag>: /manifest.json,
// /signature-N). Everything is written in one libostree transaction: refs
// move only when commit() ends it, so an interrupted copy leaves none.
#pragma once

#include "ostree_reference.hpp"
#include "ostree_repo.hpp"

#include <ferry/plugin.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::ostree {

class OstreeDestination : public sdk::Destination {
 public:
  OstreeDestination(const OstreeReference& ref, const sdk::Context& ctx);
  ~OstreeDestination() override;

  // Docker schema 2 only, as there: the host converts OCI manifests.
  std::vector<std::string> supported_manifest_types() override;
  // A layer whose commit is in the repository already is not written again.
  bool has_blob(const sdk::BlobInfo& info) override;
  void put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) override;
  void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime) override;
  void put_signature(const std::optional<std::string>& instance, uint32_t index,
                     std::string_view bytes) override;
  void commit() override;

 private:
  std::string next_path(const char* what);
  void put_config(const sdk::BlobInfo& info, sdk::BlobStream& data);
  void put_layer(const sdk::BlobInfo& info, sdk::BlobStream& data);

  OstreeReference ref_;
  sdk::Context ctx_;
  std::unique_ptr<Repo> repo_;
  std::string staging_;                // removed when the destination closes
  std::atomic<unsigned> counter_ = 0;  // put_blob runs on many threads
  std::optional<std::string> manifest_;
  std::vector<std::string> signatures_;
};

}  // namespace ferry::plugins::ostree
