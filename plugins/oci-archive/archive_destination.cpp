#include "archive_destination.hpp"

#include "archive_pack.hpp"

#include <system_error>

namespace ferry::plugins::oci_archive {

namespace fs = std::filesystem;

namespace {

// Fail at open, before any blob is copied, when the archive cannot be written.
fs::path checked_target(fs::path archive) {
  std::error_code ec;
  if (fs::is_directory(archive, ec))
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "cannot write an OCI archive at " + archive.string() +
                                                   ": it is a directory (use oci: for a layout directory)");
  fs::path parent = archive.parent_path().empty() ? fs::path(".") : archive.parent_path();
  if (!fs::is_directory(parent, ec))
    throw sdk::Error(FERRY_E_IO, "cannot write an OCI archive at " + archive.string() + ": " +
                                     parent.string() + " is not an existing directory");
  return archive;
}

}  // namespace

ArchiveDestination::ArchiveDestination(fs::path archive, const std::string& ref_name, sdk::Context ctx)
    : archive_(checked_target(std::move(archive))),
      ctx_(ctx),
      build_(ctx.temp_dir(), "oci-archive-"),
      layout_(oci_layout::Layout(build_.path(), std::nullopt), ref_name, ctx) {}

void ArchiveDestination::commit() {
  layout_.commit();
  pack_layout(build_.path(), archive_, ctx_);
}

}  // namespace ferry::plugins::oci_archive
