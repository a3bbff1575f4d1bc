// docker://name[:tag|@digest]: the reference, and the registry commands that
// work on it (delete, list-tags) besides copying.
#pragma once

#include "docker_reference.hpp"

#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::plugins::docker {

class DockerImage : public sdk::Reference {
 public:
  // written: the text after "//", kept for messages about what the user wrote.
  DockerImage(ImageName name, std::string written) : name_(std::move(name)), written_(std::move(written)) {}

  std::string to_string() const override { return "//" + name_.familiar(); }
  std::optional<std::string> docker_reference() const override { return name_.str(); }
  std::optional<std::string> policy_scope() const override { return name_.str(); }
  std::unique_ptr<sdk::Source> open_source(const sdk::Context& ctx) const override;
  std::unique_ptr<sdk::Destination> open_destination(const sdk::Context& ctx) const override;
  void delete_image(const sdk::Context& ctx) const override;
  // Every tag of the repository, following Link pagination. The tag or digest
  // of this reference is ignored (inspect lists the tags of tagged images),
  // unless the host's "repository-only" option says the reference must name
  // the repository alone (list-tags).
  std::vector<std::string> list_tags(const sdk::Context& ctx) const override;

 private:
  ImageName name_;
  std::string written_;
};

// "//name[:tag|@digest]" -> a reference; the rest of the text must start with "//".
std::unique_ptr<sdk::Reference> parse_docker_image(std::string_view text);

// `ferry login`: whether the host's credentials for server (host[:port][/path]) are accepted.
void check_login(const std::string& server, const sdk::Context& ctx);

}  // namespace ferry::plugins::docker
