// Writing an image as an oci-archive: the layout is built in a private
// directory under --tmpdir and packed at commit; the archive file is replaced
// whole (it holds this one image), or left as it was when the copy fails.
#pragma once

#include "temp_dir.hpp"

#include <ferry/oci_layout/layout_writer.hpp>
#include <ferry/plugin.hpp>

#include <filesystem>
#include <string>

namespace ferry::plugins::oci_archive {

class ArchiveDestination : public sdk::Destination {
 public:
  ArchiveDestination(std::filesystem::path archive, const std::string& ref_name, sdk::Context ctx);

  std::vector<std::string> supported_manifest_types() override { return layout_.supported_manifest_types(); }
  bool has_blob(const sdk::BlobInfo& info) override { return layout_.has_blob(info); }
  void put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) override { layout_.put_blob(info, data); }
  void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime) override {
    layout_.put_manifest(instance, bytes, mime);
  }
  void commit() override;

 private:
  std::filesystem::path archive_;
  sdk::Context ctx_;
  TempDir build_;  // declared before layout_: it must outlive it
  oci_layout::LayoutWriter layout_;
};

}  // namespace ferry::plugins::oci_archive
