// containers-registries.d(5): where the signatures of docker:// images are
// kept. Every *.yaml file of the directory adds "docker:" sections by scope
// and at most one "default-docker:" section in the whole directory.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::docker {

struct LookasideSection {
  std::string lookaside;
  std::string lookaside_staging;
  std::string sigstore;          // the old name of lookaside
  std::string sigstore_staging;  // the old name of lookaside-staging
  std::optional<bool> use_sigstore_attachments;

  // The URL this section gives for reading or for writing; "" when it has none.
  std::string url(bool write) const;
};

class RegistriesD {
 public:
  // The directory: the "registries.d" option (--registries.d), else the
  // user's ~/.config/containers/registries.d if it exists, else /etc's.
  static std::string directory(const std::optional<std::string>& option);

  // Reads every *.yaml file of dir (none when dir does not exist). Throws
  // sdk::Error naming the file for YAML errors, wrong types and a namespace
  // or default-docker defined twice.
  static RegistriesD load(const std::string& dir);

  // Adds one file's sections; `path` names it in errors.
  void add_file(const std::string& text, const std::string& path);

  // The lookaside base URL for an image with these scopes (docker_scopes()):
  // the first section, most specific first and default-docker last, that has
  // a URL for the operation; the built-in default when none has.
  std::string lookaside_url(const std::vector<std::string>& scopes, bool write) const;

  // use-sigstore-attachments of the first of those sections that sets it; false if none.
  bool use_sigstore_attachments(const std::vector<std::string>& scopes) const;

 private:
  struct Placed {
    LookasideSection section;
    std::string file;  // where it was defined, for the duplicate error
  };
  std::vector<const LookasideSection*> sections(const std::vector<std::string>& scopes) const;

  std::map<std::string, Placed> docker_;
  std::optional<Placed> default_docker_;
};

// file:///var/lib/containers/sigstore for root, else
// file://$HOME/.local/share/containers/sigstore.
std::string builtin_lookaside();

}  // namespace ferry::plugins::docker
