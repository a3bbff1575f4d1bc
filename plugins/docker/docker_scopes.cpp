#include "docker_scopes.hpp"

namespace ferry::plugins::docker {

std::vector<std::string> docker_scopes(const DockerReference& name) {
  std::vector<std::string> scopes{name.str()};
  std::string ns = name.repository();
  for (;;) {
    scopes.push_back(ns);
    auto slash = ns.rfind('/');
    if (slash == std::string::npos) break;
    ns.resize(slash);
  }
  // Wildcards are built from the host name alone: the port is not part of them.
  std::string host = ns.substr(0, ns.find(':'));
  for (auto dot = host.find('.'); dot != std::string::npos; dot = host.find('.')) {
    host.erase(0, dot + 1);
    scopes.push_back("*." + host);
  }
  return scopes;
}

}  // namespace ferry::plugins::docker
