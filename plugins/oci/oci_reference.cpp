#include "oci_reference.hpp"

#include <ferry/oci_layout/layout_delete.hpp>
#include <ferry/oci_layout/layout_source.hpp>
#include <ferry/oci_layout/layout_writer.hpp>

#include <filesystem>
#include <system_error>

namespace ferry::plugins::oci {

namespace fs = std::filesystem;

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text) {
  return std::make_unique<OciReference>(oci_layout::parse_layout_name(text, "oci", true));
}

std::optional<std::string> OciReference::policy_scope() const {
  // The directory alone: "dir:" and "dir:ref" may be the same image (as in
  // the containers tools), and symlinks are resolved so one layout has one scope.
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(name_.path), ec);
  if (ec) p = fs::absolute(name_.path).lexically_normal();
  return p.string();
}

oci_layout::Layout OciReference::layout(const sdk::Context& ctx) const {
  std::optional<fs::path> shared;
  if (auto dir = ctx.option("shared-blob-dir"); dir && !dir->empty()) shared = fs::path(*dir);
  return oci_layout::Layout(name_.path, shared);
}

std::unique_ptr<sdk::Source> OciReference::open_source(const sdk::Context& ctx) const {
  return std::make_unique<oci_layout::LayoutSource>(layout(ctx), name_);
}

std::unique_ptr<sdk::Destination> OciReference::open_destination(const sdk::Context& ctx) const {
  if (name_.index)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "cannot write to oci:" + name_.to_string() +
                         ": an @index only selects an image to read; give a reference name instead");
  return std::make_unique<oci_layout::LayoutWriter>(layout(ctx), name_.ref, ctx);
}

void OciReference::delete_image(const sdk::Context& ctx) const {
  oci_layout::delete_image(layout(ctx), name_);
}

}  // namespace ferry::plugins::oci
