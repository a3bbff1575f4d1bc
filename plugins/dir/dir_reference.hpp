// An image in a directory: dir:path (the whole text is the path; it may hold ':').
#pragma once

#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::dir {

class DirReference : public sdk::Reference {
 public:
  explicit DirReference(std::string path) : path_(std::move(path)) {}

  std::string to_string() const override { return path_; }
  std::optional<std::string> policy_scope() const override;
  std::unique_ptr<sdk::Source> open_source(const sdk::Context& ctx) const override;
  std::unique_ptr<sdk::Destination> open_destination(const sdk::Context& ctx) const override;

 private:
  std::string path_;
};

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text);

}  // namespace ferry::plugins::dir
