#include "config/policy/policy_identity.hpp"

#include <ferry/docker_reference/docker_reference.hpp>

#include <regex>

namespace ferry::policy {
namespace {

std::optional<DockerReference> parse_reference(const std::string& text) {
  try {
    return DockerReference::parse(text, {.allow_tag_and_digest = true, .what = "reference"});
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool name_only(const DockerReference& r) { return !r.tag && !r.digest; }

// matchRepoDigestOrExact: a tagged image needs the very same reference; an
// image named by digest alone needs only the same repository (its manifest
// digest is checked against the signature separately).
bool repo_digest_or_exact(const DockerReference& image, const DockerReference& signature) {
  if (name_only(signature)) return false;
  if (image.tag) return signature.str() == image.str();
  if (image.digest) return signature.repository() == image.repository();
  return false;
}

// remapIdentity: the image's name with `prefix` (at a "/" boundary) replaced
// by `signed_prefix`; the name unchanged when the prefix does not match.
std::optional<DockerReference> remap(const DockerReference& image, const SignedIdentity& rule) {
  const std::string name = image.repository();
  const std::string& prefix = rule.prefix;
  const bool matches = name == prefix || (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
                                          name[prefix.size()] == '/');
  if (!matches) return image;
  std::string rewritten = image.str();
  rewritten.replace(rewritten.find(prefix), prefix.size(), rule.signed_prefix);
  // reference.ParseNamed: the result must already be in its normalized form.
  auto parsed = parse_reference(rewritten);
  if (!parsed || parsed->str() != rewritten) return std::nullopt;
  return parsed;
}

}  // namespace

bool identity_matches(const SignedIdentity& rule, const std::optional<std::string>& image_reference,
                      const std::string& signature_reference) {
  const auto signature = parse_reference(signature_reference);
  if (!signature) return false;
  if (rule.type == "exactReference") {
    const auto wanted = parse_reference(rule.docker_reference);
    return wanted && !name_only(*wanted) && !name_only(*signature) && signature->str() == wanted->str();
  }
  if (rule.type == "exactRepository") {
    const auto wanted = parse_reference(rule.docker_repository);
    return wanted && signature->repository() == wanted->repository();
  }
  // The rest compare with the image's own name.
  if (!image_reference) return false;
  const auto image = parse_reference(*image_reference);
  if (!image) return false;
  if (rule.type == "matchExact")
    return !name_only(*image) && !name_only(*signature) && signature->str() == image->str();
  if (rule.type == "matchRepoDigestOrExact") return repo_digest_or_exact(*image, *signature);
  if (rule.type == "matchRepository") return signature->repository() == image->repository();
  if (rule.type == "remapIdentity") {
    const auto remapped = remap(*image, rule);
    return remapped && repo_digest_or_exact(*remapped, *signature);
  }
  return false;
}

bool valid_remap_prefix(const std::string& prefix) {
  // distribution/reference's DomainRegexp and NameRegexp (as containers/image 5.23 has them).
  static const std::string domain_component = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  static const std::string domain = domain_component + "(?:\\." + domain_component + ")*(?::[0-9]+)?";
  static const std::string name_component = "[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*";
  static const std::regex domain_only("^" + domain + "$");
  static const std::regex domain_first("^" + domain + "/.*");
  static const std::regex name("^(?:" + domain + "/)?" + name_component + "(?:/" + name_component + ")*$");
  return std::regex_match(prefix, domain_only) ||
         (std::regex_match(prefix, name) && std::regex_match(prefix, domain_first));
}

}  // namespace ferry::policy
