// An image in a tar of an OCI layout: oci-archive:path[:reference] (no @index).
#pragma once

#include <ferry/oci_layout/layout_name.hpp>
#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::oci_archive {

class ArchiveReference : public sdk::Reference {
 public:
  explicit ArchiveReference(oci_layout::LayoutName name) : name_(std::move(name)) {}

  std::string to_string() const override { return name_.to_string(); }
  std::optional<std::string> policy_scope() const override;
  std::unique_ptr<sdk::Source> open_source(const sdk::Context& ctx) const override;
  std::unique_ptr<sdk::Destination> open_destination(const sdk::Context& ctx) const override;

 private:
  oci_layout::LayoutName name_;
};

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text);

}  // namespace ferry::plugins::oci_archive
