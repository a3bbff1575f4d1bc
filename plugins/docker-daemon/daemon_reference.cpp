#include "daemon_reference.hpp"

#include "daemon_destination.hpp"
#include "daemon_source.hpp"

namespace ferry::plugins::docker_daemon {

namespace {

[[noreturn]] void invalid(std::string_view text, const std::string& why) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                   "Invalid docker-daemon: reference " + std::string(text) + ": " + why);
}

// "algo:hex" as a whole, i.e. an image ID rather than a name with a tag.
bool looks_like_id(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || s.size() - colon - 1 < 32) return false;
  for (char c : s.substr(0, colon))
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  for (char c : s.substr(colon + 1))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text) {
  if (looks_like_id(text)) {
    if (text.substr(0, 7) != "sha256:")
      invalid(text, "only image IDs with digest algorithm sha256 are accepted");
    if (!is_image_id(text.substr(7))) invalid(text, "an image ID is sha256: and 64 hex digits");
    return std::make_unique<DaemonReference>(std::nullopt, std::string(text));
  }
  if (is_image_id(text)) invalid(text, "an image ID must start with \"sha256:\"");
  auto name = DockerReference::parse(text, {.allow_tag_and_digest = true, .what = "docker-daemon reference"});
  if (name.repository() == "docker.io/library/sha256")
    invalid(text, "the \"sha256\" repository name is reserved for (non-shortened) image IDs");
  if (name.tag && name.digest)
    invalid(text, "references with both a tag and digest are currently not supported");
  if (!name.tag && !name.digest) name.tag = "latest";
  return std::make_unique<DaemonReference>(std::move(name), "");
}

std::optional<std::string> DaemonReference::docker_reference() const {
  if (!name_) return std::nullopt;
  return name_->str();
}

std::unique_ptr<sdk::Source> DaemonReference::open_source(const sdk::Context& ctx) const {
  return std::make_unique<DaemonSource>(to_string(), ctx);
}

std::unique_ptr<sdk::Destination> DaemonReference::open_destination(const sdk::Context& ctx) const {
  if (!name_ || !name_->tag)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "Invalid destination docker-daemon:" + to_string() +
                                                   ": a destination must be a name:tag");
  return std::make_unique<DaemonDestination>(*name_, ctx);
}

}  // namespace ferry::plugins::docker_daemon
