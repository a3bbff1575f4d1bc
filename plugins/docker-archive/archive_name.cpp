#include "archive_name.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::docker_archive {

std::string ArchiveName::to_string() const {
  if (index) return path + ":@" + std::to_string(*index);
  if (ref) return path + ":" + ref->str();
  return path;
}

ArchiveName parse_archive_name(std::string_view text) {
  if (text.empty())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "docker-archive reference \"\" isn't of the form <path>[:<reference>]");
  ArchiveName n;
  size_t colon = text.find(':');
  n.path = std::string(text.substr(0, colon));
  if (n.path.empty())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "docker-archive reference \"" + std::string(text) + "\" has an empty path");
  if (colon == std::string_view::npos) return n;
  std::string_view rest = text.substr(colon + 1);
  if (!rest.empty() && rest.front() == '@') {
    std::string_view digits = rest.substr(1);
    size_t v = 0;
    bool ok = !digits.empty() && digits.size() < 10;
    for (char c : digits) {
      ok = ok && c >= '0' && c <= '9';
      v = v * 10 + static_cast<size_t>(c - '0');
    }
    if (!ok)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "Invalid source index " + std::string(rest) +
                                                     ": expected @ and a non-negative number");
    n.index = v;
    return n;
  }
  auto ref = DockerReference::parse(rest, {.allow_tag_and_digest = true, .what = "docker-archive reference"});
  if (ref.digest)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "reference does not include a tag: " + ref.str() +
                                                   " (docker-archive does not take digests)");
  if (!ref.tag) ref.tag = "latest";
  n.ref = std::move(ref);
  return n;
}

}  // namespace ferry::plugins::docker_archive
