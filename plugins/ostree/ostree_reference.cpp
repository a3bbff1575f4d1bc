#include "ostree_reference.hpp"

#include "ostree_destination.hpp"
#include "ostree_repo.hpp"
#include "ostree_source.hpp"

#include <ferry/docker_reference/docker_reference.hpp>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace ferry::plugins::ostree {

std::unique_ptr<sdk::Reference> parse_reference(std::string_view text) {
  std::string image(text), repo = kDefaultRepo;
  if (size_t at = text.find("@/"); at != std::string_view::npos) {
    image = std::string(text.substr(0, at));
    repo = std::string(text.substr(at + 1));
  }
  DockerReference::Rules rules;
  rules.allow_tag_and_digest = true;
  rules.what = "ostree image name";
  DockerReference named = DockerReference::parse(image, rules);
  if (!named.tag && !named.digest) image += ":latest";

  std::string resolved = repo;
  char buf[PATH_MAX];
  if (::realpath(repo.c_str(), buf)) {
    resolved = buf;
  } else if (!(errno == ENOENT && repo == kDefaultRepo)) {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "invalid ostree reference \"" + std::string(text) +
                                                   "\": repository " + repo + ": " + std::strerror(errno));
  }
  if (resolved.find(':') != std::string::npos)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "invalid ostree reference \"" + std::string(text) +
                                                   "\": the repository path " + resolved +
                                                   " contains a colon");
  return std::make_unique<OstreeReference>(image, resolved);
}

std::string OstreeReference::image_ref() const { return kRefPrefix + encode_ref(image_); }

std::unique_ptr<sdk::Source> OstreeReference::open_source(const sdk::Context& ctx) const {
  return std::make_unique<OstreeSource>(*this, ctx);
}

std::unique_ptr<sdk::Destination> OstreeReference::open_destination(const sdk::Context& ctx) const {
  return std::make_unique<OstreeDestination>(*this, ctx);
}

}  // namespace ferry::plugins::ostree
