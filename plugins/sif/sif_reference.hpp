// A SIF image file: sif:PATH (the whole text is the path).
#pragma once

#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::sif {

class SifReference : public sdk::Reference {
 public:
  explicit SifReference(std::string path) : path_(std::move(path)) {}

  std::string to_string() const override { return path_; }
  std::optional<std::string> policy_scope() const override;
  std::unique_ptr<sdk::Source> open_source(const sdk::Context& ctx) const override;
  // Refused with skopeo's words: SIF files are only read.
  std::unique_ptr<sdk::Destination> open_destination(const sdk::Context& ctx) const override;
  void delete_image(const sdk::Context& ctx) const override;

 private:
  std::string path_;
};

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text);

}  // namespace ferry::plugins::sif
