// Reading a SIF image: the layer is made at open (see sif_layer.hpp) and kept
// in a private directory until the source is closed; config and manifest are
// made then too, as the containers tools make them.
#pragma once

#include "sif_layer.hpp"
#include "sif_work_dir.hpp"

#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>

namespace ferry::plugins::sif {

class SifSource : public sdk::Source {
 public:
  SifSource(const std::string& file, const sdk::Context& ctx);

  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override;
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override;

 private:
  std::unique_ptr<SifWorkDir> work_;
  SifLayer layer_;
  std::string config_;
  std::string config_digest_;
  std::string manifest_;
};

}  // namespace ferry::plugins::sif
