#include "docker_reference.hpp"

namespace ferry::plugins::docker {

std::string api_host(const std::string& domain) {
  return domain == "docker.io" ? "registry-1.docker.io" : domain;
}

ImageName ImageName::parse(std::string_view text) {
  ImageName n;
  static_cast<DockerReference&>(n) = DockerReference::parse(text, {.what = "docker reference"});
  if (!n.tag && !n.digest) {
    n.tag = "latest";
    n.tag_defaulted = true;
  }
  return n;
}

}  // namespace ferry::plugins::docker
