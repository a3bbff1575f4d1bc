#include "docker_reference.hpp"

#include <ferry/plugin.hpp>

#include <regex>

namespace ferry::plugins::docker {

namespace {

const std::regex domain_re(
    R"(^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$|^\[[0-9a-fA-F:.]+\](?::[0-9]+)?$)");
const std::regex component_re(R"(^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*$)");
const std::regex tag_re(R"(^[\w][\w.-]{0,127}$)");
const std::regex digest_re(R"(^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$)");

[[noreturn]] void invalid(std::string_view text, const std::string& why) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                   "invalid docker reference \"" + std::string(text) + "\": " + why);
}

}  // namespace

bool is_valid_digest(std::string_view s) { return std::regex_match(s.begin(), s.end(), digest_re); }

std::string api_host(const std::string& domain) {
  return domain == "docker.io" ? "registry-1.docker.io" : domain;
}

ImageName ImageName::parse(std::string_view text) {
  if (text.empty()) invalid(text, "the reference is empty");
  ImageName n;
  std::string rest(text);
  if (auto at = rest.find('@'); at != std::string::npos) {
    n.digest = rest.substr(at + 1);
    rest.resize(at);
    if (!is_valid_digest(*n.digest)) invalid(text, "\"" + *n.digest + "\" is not a valid digest");
  }
  auto slash = rest.rfind('/');
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    n.tag = rest.substr(colon + 1);
    rest.resize(colon);
    if (!std::regex_match(*n.tag, tag_re)) invalid(text, "\"" + *n.tag + "\" is not a valid tag");
  }
  if (n.tag && n.digest)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "Docker references with both a tag and digest are currently not supported");
  if (rest.empty()) invalid(text, "the repository name is empty");
  if (rest.size() > 255) invalid(text, "the repository name is longer than 255 characters");

  // The first component is a registry only when it looks like a host name.
  auto first = rest.find('/');
  std::string head = rest.substr(0, first);
  bool has_domain = first != std::string::npos &&
                    (head.find_first_of(".:") != std::string::npos || head == "localhost" ||
                     head.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos);
  if (has_domain) {
    n.domain = head;
    n.path = rest.substr(first + 1);
    if (!std::regex_match(n.domain, domain_re)) invalid(text, "\"" + n.domain + "\" is not a valid registry");
  } else {
    n.domain = "docker.io";
    n.path = rest;
  }
  if (n.domain == "index.docker.io") n.domain = "docker.io";
  if (n.domain == "docker.io" && n.path.find('/') == std::string::npos) n.path = "library/" + n.path;

  size_t start = 0;
  while (start <= n.path.size()) {
    auto end = n.path.find('/', start);
    std::string comp = n.path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (comp.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
      invalid(text, "repository name must be lowercase");
    if (!std::regex_match(comp, component_re))
      invalid(text, "\"" + n.path + "\" is not a valid repository name");
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (!n.tag && !n.digest) {
    n.tag = "latest";
    n.tag_defaulted = true;
  }
  return n;
}

std::string ImageName::str() const {
  std::string s = repository();
  if (digest) return s + "@" + *digest;
  if (tag) s += ":" + *tag;
  return s;
}

std::string ImageName::familiar() const {
  std::string s = str();
  if (domain != "docker.io") return s;
  s = s.substr(std::string("docker.io/").size());
  if (s.rfind("library/", 0) == 0 && path.find('/', 8) == std::string::npos) s = s.substr(8);
  return s;
}

}  // namespace ferry::plugins::docker
