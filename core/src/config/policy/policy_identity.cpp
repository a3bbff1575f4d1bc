#include "config/policy/policy_identity.hpp"

#include <ferry/docker_reference/docker_reference.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

namespace ferry::policy {
namespace {

std::optional<DockerReference> parse_reference(const std::string& text) {
  try {
    return DockerReference::parse(text, {.allow_tag_and_digest = true, .what = "reference"});
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// distribution/reference's DomainRegexp (containers/image 5.23): dot-separated
// components of letters, digits and inner hyphens, then an optional :port.
// Written out rather than with std::regex, whose recursion a long prefix in a
// policy file could exhaust the stack with.
bool is_domain(std::string_view s) {
  if (auto colon = s.find(':'); colon != std::string_view::npos) {
    const auto port = s.substr(colon + 1);
    if (port.empty() || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    s = s.substr(0, colon);
  }
  for (size_t start = 0;;) {
    const size_t dot = s.find('.', start);
    const auto part = s.substr(start, dot - start);
    if (part.empty() || !alnum(part.front()) || !alnum(part.back())) return false;
    if (!std::all_of(part.begin(), part.end(), [](char c) { return alnum(c) || c == '-'; })) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// A path component of NameRegexp: lower-case letters and digits in runs
// separated by ".", "_", "__" or any number of "-".
bool is_name_component(std::string_view s) {
  if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  for (size_t i = 0; i < s.size();) {
    if (lower_alnum(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && !lower_alnum(s[j])) ++j;
    const auto sep = s.substr(i, j - i);
    const bool hyphens = std::all_of(sep.begin(), sep.end(), [](char c) { return c == '-'; });
    if (!(sep == "." || sep == "_" || sep == "__" || hyphens)) return false;
    i = j;
  }
  return true;
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
  const bool matches =
      name == prefix || (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
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
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t slash = prefix.find('/', start);
    parts.push_back(std::string_view(prefix).substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (parts.size() == 1) return is_domain(parts[0]);
  // A name whose first component is a domain (DomainRegexp "/" then NameRegexp).
  if (!is_domain(parts[0])) return false;
  return std::all_of(parts.begin() + 1, parts.end(), is_name_component);
}

}  // namespace ferry::policy
