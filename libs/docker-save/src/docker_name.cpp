#include "ferry/docker_save/docker_name.hpp"

#include <ferry/plugin.hpp>

namespace ferry::docker_save {

namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool alnum(char c) { return lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool word(char c) { return alnum(c) || c == '_'; }
bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// [a-z0-9]+ joined by ".", "_", "__" or any run of "-".
bool valid_path_component(std::string_view c) {
  if (c.empty() || !lower_alnum(c.front()) || !lower_alnum(c.back())) return false;
  for (size_t i = 0; i < c.size();) {
    if (lower_alnum(c[i])) { ++i; continue; }
    size_t j = i;
    while (j < c.size() && !lower_alnum(c[j])) ++j;
    std::string_view sep = c.substr(i, j - i);
    bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (!(sep == "." || sep == "_" || sep == "__" || dashes)) return false;
    i = j;
  }
  return true;
}

// host labels ([A-Za-z0-9] or with inner "-") joined by ".", then an optional ":port".
bool valid_domain(std::string_view d) {
  size_t colon = d.rfind(':');
  std::string_view host = d.substr(0, colon);
  if (colon != std::string_view::npos) {
    std::string_view port = d.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos) return false;
  }
  if (host.empty()) return false;
  size_t start = 0;
  while (start <= host.size()) {
    size_t dot = host.find('.', start);
    std::string_view label = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || !alnum(label.front()) || !alnum(label.back())) return false;
    for (char c : label)
      if (!alnum(c) && c != '-') return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

bool valid_tag(std::string_view t) {
  if (t.empty() || t.size() > 128 || !word(t.front())) return false;
  for (char c : t)
    if (!word(c) && c != '.' && c != '-') return false;
  return true;
}

bool valid_digest(std::string_view d) {
  size_t colon = d.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view enc = d.substr(colon + 1);
  if (enc.size() < 32) return false;
  for (char c : enc)
    if (!hex(c)) return false;
  for (char c : d.substr(0, colon))
    if (!alnum(c) && c != '+' && c != '.' && c != '_' && c != '-') return false;
  return true;
}

}  // namespace

bool is_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string DockerName::str() const {
  std::string s = repository;
  if (tag) s += ":" + *tag;
  if (digest) s += "@" + *digest;
  return s;
}

DockerName parse_docker_name(std::string_view text, std::string_view what) {
  auto fail = [&](const std::string& why) -> DockerName {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "invalid " + std::string(what) + " \"" + std::string(text) + "\": " + why);
  };
  if (text.empty()) return fail("it is empty");
  DockerName out;
  std::string_view name = text;
  if (size_t at = name.find('@'); at != std::string_view::npos) {
    out.digest = std::string(name.substr(at + 1));
    if (!valid_digest(*out.digest)) return fail("bad digest");
    name = name.substr(0, at);
  }
  size_t colon = name.rfind(':');
  size_t slash = name.rfind('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    out.tag = std::string(name.substr(colon + 1));
    if (!valid_tag(*out.tag)) return fail("bad tag");
    name = name.substr(0, colon);
  }
  if (name.size() > 255) return fail("the name is longer than 255 characters");
  if (is_hex64(name)) return fail("a 64-hex-digit string is an image ID, not a repository name");

  std::string domain = "docker.io";
  std::string_view remainder = name;
  size_t first = name.find('/');
  if (first != std::string_view::npos) {
    std::string_view head = name.substr(0, first);
    bool is_host = head.find_first_of(".:") != std::string_view::npos || head == "localhost";
    for (char c : head)
      if (c >= 'A' && c <= 'Z') is_host = true;
    if (is_host) {
      if (!valid_domain(head)) return fail("bad registry host \"" + std::string(head) + "\"");
      domain = head == "index.docker.io" ? "docker.io" : std::string(head);
      remainder = name.substr(first + 1);
    }
  }
  std::string path(remainder);
  for (char c : path)
    if (c >= 'A' && c <= 'Z') return fail("repository name must be lowercase");
  size_t start = 0;
  while (start <= path.size()) {
    size_t s = path.find('/', start);
    std::string_view comp = std::string_view(path).substr(start, s == std::string::npos ? std::string::npos : s - start);
    if (!valid_path_component(comp)) return fail("bad repository name component \"" + std::string(comp) + "\"");
    if (s == std::string::npos) break;
    start = s + 1;
  }
  if (domain == "docker.io" && path.find('/') == std::string::npos) path = "library/" + path;
  out.repository = domain + "/" + path;
  return out;
}

}  // namespace ferry::docker_save
