// Docker image references (distribution/reference grammar), normalized the way
// the containers tools do: "busybox" -> "docker.io/library/busybox:latest".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry {

struct DockerReference {
  std::string domain;                 // "docker.io", "localhost:5000"
  std::string path;                   // "library/busybox"
  std::optional<std::string> tag;     // "latest"
  std::optional<std::string> digest;  // "sha256:..."

  // Parses and normalizes. Throws ferry::Error(FERRY_E_INVALID_ARGUMENT) with
  // a message naming the input for: empty, upper case in the repository, bad
  // tag, bad digest, tag and digest together (unless allow_tag_and_digest).
  // Does NOT add ":latest"; call with_default_tag() for that.
  static DockerReference parse(std::string_view text, bool allow_tag_and_digest = false);

  // Adds ":latest" when neither tag nor digest is present.
  DockerReference with_default_tag() const;
  std::string repository() const;  // "docker.io/library/busybox"
  std::string str() const;         // repository + ":tag" and/or "@digest"
};

// True when `s` is a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}).
bool is_valid_tag(std::string_view s);

}  // namespace ferry
