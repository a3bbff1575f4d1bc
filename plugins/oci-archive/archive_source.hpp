// Reading an image from an oci-archive: the tar is unpacked into a private
// directory under --tmpdir and read as an OCI layout; the directory goes at close.
#pragma once

#include "temp_dir.hpp"

#include <ferry/oci_layout/layout_name.hpp>
#include <ferry/oci_layout/layout_source.hpp>
#include <ferry/plugin.hpp>

#include <filesystem>
#include <memory>

namespace ferry::plugins::oci_archive {

class ArchiveSource : public sdk::Source {
 public:
  ArchiveSource(const std::filesystem::path& archive, const oci_layout::LayoutName& name,
                const sdk::Context& ctx);

  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override {
    return layout_->get_manifest(instance);
  }
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override {
    return layout_->get_blob(info, size);
  }

 private:
  TempDir unpacked_;  // declared first: it must outlive layout_
  std::unique_ptr<oci_layout::LayoutSource> layout_;
};

}  // namespace ferry::plugins::oci_archive
