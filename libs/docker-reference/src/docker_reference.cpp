// A hand-written parser for the distribution/reference grammar:
//
//   reference      := name [ ":" tag ] [ "@" digest ]
//   name           := [ domain "/" ] path-component ( "/" path-component )*
//   domain         := host [ ":" port ]
//   path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
//   tag            := [\w][\w.-]{0,127}
#include "ferry/docker_reference/docker_reference.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/plugin.hpp>

#include <algorithm>

namespace ferry {
namespace {

constexpr std::string_view kDefaultDomain = "docker.io";
constexpr std::string_view kLegacyDefaultDomain = "index.docker.io";
constexpr size_t kMaxNameLength = 255;

[[noreturn]] void reject(std::string_view what, std::string_view text, const std::string& why) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                   "invalid " + std::string(what) + " \"" + std::string(text) + "\": " + why);
}

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_valid_path_component(std::string_view s) {
  size_t i = 0;
  while (true) {
    const size_t run_start = i;
    while (i < s.size() && is_lower_alnum(s[i])) ++i;
    if (i == run_start) return false;  // empty component, or a separator not followed by alnum
    if (i == s.size()) return true;
    const size_t sep_start = i;
    while (i < s.size() && !is_lower_alnum(s[i])) ++i;
    const auto sep = s.substr(sep_start, i - sep_start);
    const bool dashes = std::all_of(sep.begin(), sep.end(), [](char c) { return c == '-'; });
    if (!(sep == "." || sep == "_" || sep == "__" || dashes)) return false;
  }
}

// domain-component: [A-Za-z0-9] | [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]
bool is_valid_host_name(std::string_view host) {
  size_t start = 0;
  while (true) {
    const auto dot = host.find('.', start);
    const auto part = host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
    if (part.empty() || !is_alnum(part.front()) || !is_alnum(part.back())) return false;
    if (!std::all_of(part.begin(), part.end(), [](char c) { return is_alnum(c) || c == '-'; })) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_valid_domain(std::string_view domain) {
  std::string_view port;
  bool has_port = false;
  if (domain.starts_with('[')) {  // [IPv6]
    const auto close = domain.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    const auto inner = domain.substr(1, close - 1);
    if (!std::all_of(inner.begin(), inner.end(), [](char c) { return is_hex(c) || c == ':' || c == '.'; })) {
      return false;
    }
    const auto rest = domain.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      has_port = true;
      port = rest.substr(1);
    }
  } else {
    const auto colon = domain.find(':');
    if (colon != std::string_view::npos) {
      has_port = true;
      port = domain.substr(colon + 1);
    }
    if (!is_valid_host_name(domain.substr(0, colon))) return false;
  }
  return !has_port || (!port.empty() && std::all_of(port.begin(), port.end(), is_digit));
}

}  // namespace

bool is_image_id(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

bool is_valid_tag(std::string_view s) {
  auto word = [](char c) { return is_alnum(c) || c == '_'; };
  if (s.empty() || s.size() > 128 || !word(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return word(c) || c == '.' || c == '-'; });
}

DockerReference DockerReference::parse(std::string_view text, Rules rules) {
  auto reject = [&](const std::string& why) { ::ferry::reject(rules.what, text, why); };
  if (text.empty()) reject("repository name must have at least one component");
  if (is_image_id(text)) reject("cannot specify 64-byte hexadecimal strings");

  DockerReference ref;
  std::string_view name = text;
  if (const auto at = text.find('@'); at != std::string_view::npos) {
    name = text.substr(0, at);
    const auto digest_text = text.substr(at + 1);
    try {
      ref.digest = Digest::parse(digest_text).str();
    } catch (const sdk::Error&) {
      reject("invalid digest \"" + std::string(digest_text) + "\"");
    }
  }

  // The first component is a domain only if it looks like one; "busybox/x"
  // is a Docker Hub path, "localhost/x", "quay.io/x" and "Registry/x" are not.
  std::string_view remainder = name;
  if (const auto slash = name.find('/'); slash != std::string_view::npos) {
    const auto first = name.substr(0, slash);
    const bool upper = std::any_of(first.begin(), first.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (first.find_first_of(".:") != std::string_view::npos || first == "localhost" || upper) {
      if (!is_valid_domain(first)) reject("invalid domain \"" + std::string(first) + "\"");
      ref.domain = first == kLegacyDefaultDomain ? kDefaultDomain : first;
      remainder = name.substr(slash + 1);
    }
  }
  if (ref.domain.empty()) ref.domain = kDefaultDomain;

  // With the domain gone, a ':' can only introduce the tag.
  std::string_view path = remainder;
  if (const auto colon = remainder.find(':'); colon != std::string_view::npos) {
    path = remainder.substr(0, colon);
    const auto tag = remainder.substr(colon + 1);
    if (!is_valid_tag(tag)) reject("invalid tag \"" + std::string(tag) + "\"");
    ref.tag = std::string(tag);
  }

  if (std::any_of(path.begin(), path.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    reject("repository name must be lowercase");
  }
  size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    const auto component = path.substr(start, slash == path.npos ? path.npos : slash - start);
    if (!is_valid_path_component(component)) {
      reject("invalid repository path component \"" + std::string(component) + "\"");
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }

  ref.path = path;
  if (ref.domain == kDefaultDomain && ref.path.find('/') == std::string::npos) {
    ref.path = "library/" + ref.path;  // official images live under library/
  }
  // Counted after normalization, as distribution counts it.
  if (ref.repository().size() > kMaxNameLength)
    reject("repository name must not be more than 255 characters");
  if (ref.tag && ref.digest && !rules.allow_tag_and_digest) {
    reject("Docker references with both a tag and digest are currently not supported");
  }
  return ref;
}

DockerReference DockerReference::with_default_tag() const {
  DockerReference copy = *this;
  if (!copy.tag && !copy.digest) copy.tag = "latest";
  return copy;
}

std::string DockerReference::repository() const { return domain + "/" + path; }

std::string DockerReference::str() const {
  std::string out = repository();
  if (tag) out += ":" + *tag;
  if (digest) out += "@" + *digest;
  return out;
}

std::string DockerReference::familiar() const {
  std::string out = str();
  if (domain != kDefaultDomain) return out;
  out.erase(0, kDefaultDomain.size() + 1);
  // "library/busybox" is "busybox", "library/x/y" stays as it is.
  constexpr std::string_view library = "library/";
  if (out.starts_with(library) && path.find('/', library.size()) == std::string::npos)
    out.erase(0, library.size());
  return out;
}

}  // namespace ferry
