#include "archive_source.hpp"

#include "archive_extract.hpp"

namespace ferry::plugins::oci_archive {

ArchiveSource::ArchiveSource(const std::filesystem::path& archive, const oci_layout::LayoutName& name,
                             const sdk::Context& ctx)
    : unpacked_(ctx.temp_dir(), "oci-archive-") {
  extract_archive(archive, unpacked_.path(), ctx);
  oci_layout::Layout layout(unpacked_.path(), std::nullopt);  // an archive carries its own blobs
  layout.set_label(archive.string());
  layout_ = std::make_unique<oci_layout::LayoutSource>(std::move(layout), name);
}

}  // namespace ferry::plugins::oci_archive
