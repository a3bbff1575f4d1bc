// ostree:NAME[:TAG][@/absolute/repo] references, read as containers/image
// reads them: the name is checked as a Docker reference and given ":latest"
// when it has neither tag nor digest, but otherwise kept as written (it names
// the branch); the repository defaults to /ostree/repo and is resolved to a
// path without symbolic links.
#pragma once

#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::ostree {

inline constexpr const char* kDefaultRepo = "/ostree/repo";

class OstreeReference : public sdk::Reference {
 public:
  OstreeReference(std::string image, std::string repo) : image_(std::move(image)), repo_(std::move(repo)) {}

  const std::string& image() const { return image_; }
  const std::string& repo() const { return repo_; }
  // ociimage/<escaped image>
  std::string image_ref() const;

  std::string to_string() const override { return image_ + "@" + repo_; }
  std::optional<std::string> policy_scope() const override { return repo_ + ":" + image_; }
  std::unique_ptr<sdk::Source> open_source(const sdk::Context& ctx) const override;
  std::unique_ptr<sdk::Destination> open_destination(const sdk::Context& ctx) const override;

 private:
  std::string image_;
  std::string repo_;
};

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text);

}  // namespace ferry::plugins::ostree
