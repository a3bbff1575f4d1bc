// Docker image references (the distribution/reference grammar), normalized the
// way the containers tools do: "busybox" -> "docker.io/library/busybox". The
// one parser of them in ferry: the command line, the registry transport, and
// the RepoTags of docker-save archives all read names through it.
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

  struct Rules {
    bool allow_tag_and_digest = false;
    std::string_view what = "reference";  // how errors name the input: "RepoTags entry in x.tar"
  };

  // Parses and normalizes. Throws sdk::Error(FERRY_E_INVALID_ARGUMENT) with
  // `invalid <what> "<text>": <why>` for: empty, a 64-hex image ID, upper case
  // in the repository, a bad domain, tag or digest, tag and digest together
  // (unless allowed), a name over 255 characters. Adds no ":latest".
  static DockerReference parse(std::string_view text, Rules rules);
  static DockerReference parse(std::string_view text) { return parse(text, Rules{}); }

  // Adds ":latest" when neither tag nor digest is present.
  DockerReference with_default_tag() const;
  std::string repository() const;  // "docker.io/library/busybox"
  std::string str() const;         // repository + ":tag" and/or "@digest"
  std::string familiar() const;    // str() as a user writes it: "busybox:latest"
};

// True when `s` is a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}).
bool is_valid_tag(std::string_view s);

// True for exactly 64 lower-case hex digits: an image ID, never a name.
bool is_image_id(std::string_view s);

}  // namespace ferry
