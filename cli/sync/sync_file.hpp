// skopeo's sync file (`sync --src yaml`): per registry, the repositories to
// mirror and how their tags are chosen. Read strictly, unlike skopeo: an
// unknown or repeated key, a value of the wrong type, a bad regular expression
// or semver constraint is one error naming the file, line and key, before
// anything is copied.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ferry::cli::sync {

struct RepositoryRule {
  std::string repository;  // as written under the registry: "library/busybox"
  int line = 0;            // where it is written (1-based), for messages
  // By the section it came from:
  enum class Kind { images, tag_regex, semver } kind = Kind::images;
  std::vector<std::string> refs;  // images: tags or digests; empty = every tag
  std::string pattern;            // tag_regex: Go RE2 syntax, unanchored; semver: a Masterminds constraint
};

struct RegistryRules {
  std::string registry;  // "quay.io", "127.0.0.1:5000"
  int line = 0;
  std::vector<RepositoryRule> repositories;                        // in the order written
  std::optional<std::pair<std::string, std::string>> credentials;  // username, password
  std::optional<bool> tls_verify;  // absent: the command line's setting stands
  std::optional<std::string> cert_dir;
};

// Reads and checks `path`. Throws Error(FERRY_E_INVALID_ARGUMENT) naming
// "PATH:LINE" and the key.
std::vector<RegistryRules> read_sync_file(const std::string& path);
// The same over text already read (tests, fuzzing); `path` names it in errors.
std::vector<RegistryRules> parse_sync_file(const std::string& text, const std::string& path);

}  // namespace ferry::cli::sync
