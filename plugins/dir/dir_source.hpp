// Reading an image from a dir: directory.
#pragma once

#include <ferry/plugin.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace ferry::plugins::dir {

class DirSource : public sdk::Source {
 public:
  // Checks now that `dir` holds an image, so a wrong path fails at open.
  explicit DirSource(std::filesystem::path dir);

  // MIME is left empty: dir: does not record it, the host reads it from the bytes.
  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override;
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override;
  std::optional<std::string> get_signature(const std::optional<std::string>& instance,
                                           uint32_t index) override;

 private:
  std::filesystem::path dir_;
};

}  // namespace ferry::plugins::dir
