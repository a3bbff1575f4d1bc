// Docker references as the `docker save` format and the Engine API use them:
// parsed by the distribution/reference grammar and normalized the way the
// containers tools do ("busybox" -> "docker.io/library/busybox"), so that a
// RepoTags entry written by docker ("busybox:latest") and one written by
// skopeo ("docker.io/library/busybox:latest") name the same image.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::docker_save {

struct DockerName {
  std::string repository;             // "docker.io/library/busybox"
  std::optional<std::string> tag;     // "latest"
  std::optional<std::string> digest;  // "sha256:..."

  // repository[:tag][@digest]
  std::string str() const;
};

// Parses and normalizes `text`; throws FERRY_E_INVALID_ARGUMENT naming `what`
// ("docker-archive reference", "RepoTags entry in manifest.json") when it is
// not a valid reference. Adds nothing: callers decide about ":latest".
DockerName parse_docker_name(std::string_view text, std::string_view what);

// True for exactly 64 lower-case hex digits (an image ID without "sha256:").
bool is_hex64(std::string_view s);

}  // namespace ferry::docker_save
