// Reading an image back from an ostree repository: the manifest the image
// commit keeps, configs from their commits' /content, and layers rebuilt byte
// for byte from their tar-split and the files of their commit. Layers are
// served uncompressed, under the diff IDs the commits record (as
// containers/image serves them), so layers_for_copy names those.
#pragma once

#include "ostree_reference.hpp"
#include "ostree_repo.hpp"

#include <ferry/plugin.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::ostree {

class OstreeSource : public sdk::Source {
 public:
  OstreeSource(const OstreeReference& ref, const sdk::Context& ctx);

  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override;
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override;
  std::optional<std::string> get_signature(const std::optional<std::string>& instance,
                                           uint32_t index) override;
  std::optional<std::vector<sdk::BlobInfo>> layers_for_copy(
      const std::optional<std::string>& instance) override;

 private:
  std::vector<sdk::BlobInfo> stored_layers();

  OstreeReference ref_;
  sdk::Context ctx_;
  std::shared_ptr<Repo> repo_;
  std::string commit_;    // the image commit
  std::string manifest_;  // its docker.manifest
  // diff ID -> the compressed digest's hex its commit is named by
  std::optional<std::map<std::string, std::string>> compressed_;
  std::mutex repo_mutex_;  // guards repo_ and compressed_: get_blob runs on many threads
};

}  // namespace ferry::plugins::ostree
