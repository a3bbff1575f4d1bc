// Writing an image to a registry. Nothing needs committing: blobs are
// invisible until a manifest names them, and the manifest is written last.
#pragma once

#include "docker_reference.hpp"
#include "registry_client.hpp"

#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>

namespace ferry::plugins::docker {

class DockerDestination : public sdk::Destination {
 public:
  DockerDestination(const sdk::Context& ctx, ImageName name);

  bool has_blob(const sdk::BlobInfo& info) override;
  void put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) override;
  void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime) override;
  void commit() override {}

 private:
  std::optional<std::string> mount_source(const std::string& digest) const;

  sdk::Context ctx_;
  ImageName name_;
  std::shared_ptr<RegistryClient> client_;
  std::optional<std::string> mount_from_;  // the "mount-from" option
};

}  // namespace ferry::plugins::docker
