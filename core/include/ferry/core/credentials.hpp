// Registry credentials as the containers tools keep them: auth.json (and
// Docker's config.json / .dockercfg), credential helpers, and the command
// line. Lookup is most-specific-first (host/ns/repo, host/ns, host).
#pragma once

#include <ferry/core/host_objects.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ferry {

struct Credentials {
  std::string user;  // "<token>" when secret is an identity token
  std::string secret;
};

// The auth files to read, in order. `explicit_path` (--authfile,
// --src/dest-authfile, or $REGISTRY_AUTH_FILE) turns the fallbacks off.
std::vector<std::filesystem::path> auth_files_to_read(const std::string& explicit_path);

// The file `login` writes and `logout` edits.
std::filesystem::path primary_auth_file(const std::string& explicit_path);

// Keys tried for `registry` (host[:port][/path]), most specific first.
std::vector<std::string> credential_keys(const std::string& registry);

// Credentials for `registry` from the context (--creds, --username/--password,
// --no-creds, authfile option) and the files; nullopt when none.
std::optional<Credentials> lookup_credentials(const ferry_context& ctx, const std::string& registry);

// Credentials from one auth file; nullopt when it has none for `registry`.
std::optional<Credentials> credentials_from_file(const std::filesystem::path& file,
                                                 const std::string& registry);

// What one auth file's JSON object says for `registry`: the credentials stored
// in it, or the credential helper that keeps them (its credHelpers entry for
// the registry's host, else credsStore when no entry matches), or neither.
// `dockercfg`: the legacy ~/.dockercfg, whose entries are the top-level map.
// Runs no helper: credentials_from_file asks the one named here.
struct AuthFileAnswer {
  std::optional<Credentials> stored;
  std::string helper;  // "" when the file names none
};
AuthFileAnswer auth_file_answer(const nlohmann::json& auth_file, bool dockercfg, const std::string& registry);

// login / logout. Writes with mode 0600, atomically. A credHelpers entry for
// the registry's host sends the credentials to that helper instead.
void store_credentials(const std::filesystem::path& file, const std::string& registry, const Credentials& c);
// Returns false when there was nothing stored for `registry`.
bool remove_credentials(const std::filesystem::path& file, const std::string& registry);
void remove_all_credentials(const std::filesystem::path& file);

}  // namespace ferry
