#include "image_lookup.hpp"

#include <ferry/plugin.hpp>

#include <algorithm>

namespace ferry::plugins::cstore {
namespace {

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The repository part of a name ("docker.io/library/busybox:latest" -> "docker.io/library/busybox").
std::string repository_of(const std::string& name) {
  std::string n = name.substr(0, name.find('@'));
  auto slash = n.rfind('/');
  auto colon = n.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) n.resize(colon);
  return n;
}

bool holds_manifest(const Record& image, const std::string& digest) {
  return text_of(image, "digest") == digest || has(strings_of(image, "big-data-names"), manifest_key(digest));
}

}  // namespace

std::string manifest_key(const std::string& digest) { return "manifest-" + digest; }

namespace {

bool in_repository(const Record& image, const std::string& repo) {
  for (const std::string& name : strings_of(image, "names"))
    if (repository_of(name) == repo) return true;
  return false;
}

}  // namespace

FoundImage find_image(const Records& images, const ImageName& n) {
  // @ID, or NAME@ID: the image with that ID (named so in that repository).
  if (n.id) {
    const Record* r = images.find(*n.id);
    if (r && n.name && !in_repository(*r, repository_of(*n.name))) r = nullptr;
    return {r, false};
  }
  if (!n.name) return {};
  // NAME@DIGEST: an image of that repository holding that manifest.
  if (n.digest) {
    for (const Record& r : images.all())
      if (holds_manifest(r, *n.digest) && in_repository(r, repository_of(*n.name))) return {&r, false};
    return {};
  }
  for (const Record& r : images.all())
    if (has(strings_of(r, "names"), *n.name)) return {&r, true};
  // A short hex word may be the start of an image ID ("6e05").
  std::string word = n.text.substr(n.text.find(']') == std::string::npos ? 0 : n.text.find(']') + 1);
  if (word.size() < 3 || word.size() >= 64 || !std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      }))
    return {};
  const Record* found = nullptr;
  for (const Record& r : images.all()) {
    if (text_of(r, "id").rfind(word, 0) != 0) continue;
    if (found)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "the ID prefix \"" + word + "\" matches more than one image");
    found = &r;
  }
  return {found, false};
}

}  // namespace ferry::plugins::cstore
