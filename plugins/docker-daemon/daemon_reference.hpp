// An image in a Docker engine: docker-daemon:name[:tag|@digest] (":latest"
// added when neither is given), or, for reading, docker-daemon:sha256:<id>.
#pragma once

#include <ferry/docker_reference/docker_reference.hpp>
#include <ferry/plugin.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::docker_daemon {

class DaemonReference : public sdk::Reference {
 public:
  // Exactly one of the two is set.
  DaemonReference(std::optional<DockerReference> name, std::string image_id)
      : name_(std::move(name)), id_(std::move(image_id)) {}

  std::string to_string() const override { return name_ ? name_->str() : id_; }
  std::optional<std::string> docker_reference() const override;
  // The name, as docker:'s; an image named by ID has none (only the
  // transport's default scope "" applies to it), as in the containers tools.
  std::optional<std::string> policy_scope() const override { return docker_reference(); }
  std::unique_ptr<sdk::Source> open_source(const sdk::Context& ctx) const override;
  std::unique_ptr<sdk::Destination> open_destination(const sdk::Context& ctx) const override;

 private:
  std::optional<DockerReference> name_;
  std::string id_;  // "sha256:<hex>"
};

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text);

}  // namespace ferry::plugins::docker_daemon
