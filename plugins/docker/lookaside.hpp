// The lookaside: signatures of docker:// images kept beside the registry, as
// <base>/<repository path>@<algorithm>=<hex>/signature-N (N from 1), under a
// file:// (read and write) or http(s):// (read only) base URL.
#pragma once

#include "http_client.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::docker {

// containers/image reads no signature bigger than this, and ferry keeps no
// more than max_signatures per image.
constexpr size_t max_signature_size = 4 << 20;
constexpr uint32_t max_signatures = 256;

class Lookaside {
 public:
  // base: the registries.d URL; repo_path: the repository without its host
  // ("ns/app"); digest: the manifest's ("sha256:<hex>"), checked so that it
  // cannot name another directory.
  Lookaside(std::string base, const std::string& repo_path, const std::string& digest);

  // The URL of signature n (from 1).
  std::string url(uint32_t n) const;

  // signature-1, -2, … up to the first missing one; http(s) through `http`.
  std::vector<std::string> read(HttpClient& http) const;

  // Throws the refusal when signatures cannot be written here (not file://).
  void check_writable() const;
  // Writes signature-1..k (each file whole or not at all), then deletes
  // k+1, k+2, … up to the first missing one. Nothing at all for k = 0.
  void write(const std::vector<std::string>& signatures) const;
  // Deletes signature-1, -2, … up to the first missing one.
  void remove() const;

 private:
  std::string scheme() const;
  std::string file_path(uint32_t n) const;  // for file:// bases
  std::optional<std::string> read_http(HttpClient& http, const std::string& url) const;

  std::string base_;  // base URL + "/" + repository path + "@algo=hex"
};

}  // namespace ferry::plugins::docker
