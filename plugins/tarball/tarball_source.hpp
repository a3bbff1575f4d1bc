// Reading a tarball: image: every file is one layer; the config and manifest
// are made at open, as the containers tools make them.
#pragma once

#include "tarball_layer_scan.hpp"

#include <ferry/file_io/temp_file.hpp>

#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::tarball {

class TarballSource : public sdk::Source {
 public:
  // Reads every file whole once (digests, diff IDs).
  TarballSource(std::vector<std::string> files, const sdk::Context& ctx);

  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override;
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override;

 private:
  std::vector<std::string> files_;  // "-" replaced by stdin_'s path
  // Standard input, read once into --tmpdir when a file is "-" (skopeo keeps it in memory).
  std::unique_ptr<file_io::TempFile> stdin_;
  std::vector<ScannedLayer> layers_;
  std::string config_;
  std::string config_digest_;
  std::string manifest_;
};

}  // namespace ferry::plugins::tarball
