// docker://name[:tag|@digest]: a Docker reference as the registry transport
// uses it. Parsed by the shared grammar (libs/docker-reference); this adds what
// only a registry needs: the default ":latest" remembered as such, and what a
// manifest is fetched by.
#pragma once

#include <ferry/docker_reference/docker_reference.hpp>

#include <string>
#include <string_view>

namespace ferry::plugins::docker {

struct ImageName : DockerReference {
  bool tag_defaulted = false;  // ":latest" was added, the user gave neither tag nor digest

  // Parses a reference without the leading "//". Throws sdk::Error
  // (FERRY_E_INVALID_ARGUMENT) naming the input when it is malformed or has
  // both a tag and a digest.
  static ImageName parse(std::string_view text);

  // What the manifest is fetched by: the digest when there is one, else the tag.
  std::string manifest_reference() const { return digest ? *digest : tag.value_or("latest"); }
};

// docker.io's API lives on another host name.
std::string api_host(const std::string& domain);

}  // namespace ferry::plugins::docker
