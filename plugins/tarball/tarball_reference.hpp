// An image made of layer files: tarball:FILE[:FILE...].
#pragma once

#include <ferry/plugin.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::plugins::tarball {

class TarballReference : public sdk::Reference {
 public:
  explicit TarballReference(std::vector<std::string> files) : files_(std::move(files)) {}

  std::string to_string() const override;
  // No policy scope of its own: only the default "" applies, as in the containers tools.
  std::unique_ptr<sdk::Source> open_source(const sdk::Context& ctx) const override;
  std::unique_ptr<sdk::Destination> open_destination(const sdk::Context& ctx) const override;
  // Removes the files, as skopeo's delete does; absent ones are not an error.
  void delete_image(const sdk::Context& ctx) const override;

 private:
  std::vector<std::string> files_;
};

// Every file must open now, as skopeo checks when it parses the name.
std::unique_ptr<sdk::Reference> parse_reference(std::string_view text);

}  // namespace ferry::plugins::tarball
