#include "blob_locations.hpp"

#include <ferry/json_input/parse.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <set>

namespace ferry::plugins::docker {

namespace {

std::mutex mutex;
std::map<std::pair<std::string, std::string>, std::set<std::string>> locations;  // (host, digest) -> repos

void remember(const std::string& host, const std::string& repo, const nlohmann::json& descriptor) {
  if (!descriptor.is_object()) return;
  auto d = descriptor.find("digest");
  if (d != descriptor.end() && d->is_string()) locations[{host, d->get<std::string>()}].insert(repo);
}

}  // namespace

void remember_manifest_blobs(const std::string& host, const std::string& repository,
                             std::string_view manifest) {
  nlohmann::json j;
  try {
    j = json_input::parse(manifest, json_input::limits::manifest, "the manifest");
  } catch (const json_input::Error&) {
    return;  // reading the manifest itself reports what is wrong with it
  }
  if (!j.is_object()) return;
  std::lock_guard lock(mutex);
  if (auto c = j.find("config"); c != j.end()) remember(host, repository, *c);
  if (auto l = j.find("layers"); l != j.end() && l->is_array())
    for (const auto& layer : *l) remember(host, repository, layer);
}

void remember_blob(const std::string& host, const std::string& repository, const std::string& digest) {
  std::lock_guard lock(mutex);
  locations[{host, digest}].insert(repository);
}

bool known_in(const std::string& host, const std::string& repository, const std::string& digest) {
  std::lock_guard lock(mutex);
  auto it = locations.find({host, digest});
  return it != locations.end() && it->second.count(repository);
}

std::optional<std::string> known_location(const std::string& host, const std::string& digest,
                                          const std::string& except) {
  std::lock_guard lock(mutex);
  auto it = locations.find({host, digest});
  if (it == locations.end()) return std::nullopt;
  for (const auto& repo : it->second)
    if (repo != except) return repo;
  return std::nullopt;
}

}  // namespace ferry::plugins::docker
