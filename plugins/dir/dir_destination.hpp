// Writing an image as a dir: directory, built in a staging directory and
// swapped in at commit.
#pragma once

#include "dir_staging.hpp"

#include <ferry/plugin.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace ferry::plugins::dir {

class DirDestination : public sdk::Destination {
 public:
  DirDestination(const std::filesystem::path& target, sdk::Context ctx);

  // No supported_manifest_types: dir: stores any manifest as it is.
  bool has_blob(const sdk::BlobInfo& info) override;
  void put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) override;
  void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime) override;
  void put_signature(const std::optional<std::string>& instance, uint32_t index,
                     std::string_view bytes) override;
  void commit() override;
  // --dest-decompress: the host unpacks layers; --dest-compress: it gzips
  // the uncompressed ones.
  uint32_t flags(uint32_t declared) override;

 private:
  StagingDir staging_;
  sdk::Context ctx_;
};

}  // namespace ferry::plugins::dir
