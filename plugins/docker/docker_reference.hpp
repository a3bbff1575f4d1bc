// docker://name[:tag|@digest]: the plugin's own parser of Docker references
// (distribution/reference grammar), normalized as the containers tools do:
// "busybox" -> "docker.io/library/busybox:latest". Plugins do not link the
// core, so this is deliberately separate from ferry::DockerReference.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::docker {

struct ImageName {
  std::string domain;  // "docker.io", "127.0.0.1:5000"
  std::string path;    // "library/busybox"
  std::optional<std::string> tag;
  std::optional<std::string> digest;
  bool tag_defaulted = false;  // ":latest" was added, the user gave neither tag nor digest

  // Parses a reference without the leading "//". Throws sdk::Error
  // (FERRY_E_INVALID_ARGUMENT) naming the input when it is malformed.
  static ImageName parse(std::string_view text);

  std::string repository() const { return domain + "/" + path; }  // "docker.io/library/busybox"
  std::string str() const;       // repository + ":tag" or "@digest"
  std::string familiar() const;  // "busybox:latest", as the user would write it
  // What the manifest is fetched by: the digest when there is one, else the tag.
  std::string manifest_reference() const { return digest ? *digest : tag.value_or("latest"); }
};

// docker.io's API lives on another host name.
std::string api_host(const std::string& domain);

bool is_valid_digest(std::string_view s);

}  // namespace ferry::plugins::docker
