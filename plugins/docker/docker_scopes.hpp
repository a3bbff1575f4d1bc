// The configuration scopes of a docker:// image, most specific first, as
// containers/image's PolicyConfigurationIdentity and ...Namespaces give them:
// registries.d sections (and policy.json scopes) are looked up in this order.
#pragma once

#include "docker_reference.hpp"

#include <string>
#include <vector>

namespace ferry::plugins::docker {

// "host:port/ns/repo:tag" (or "@digest"), "host:port/ns/repo", "host:port/ns",
// "host:port", then "*.domain" wildcards of the host without its port.
std::vector<std::string> docker_scopes(const DockerReference& name);

}  // namespace ferry::plugins::docker
