// The docker-credential-<name> protocol: `get`, `store` and `erase` with JSON
// on stdin/stdout.
#pragma once

#include <ferry/core/credentials.hpp>

#include <optional>
#include <string>

namespace ferry {

// nullopt when the helper knows no credentials for `server`.
std::optional<Credentials> credential_helper_get(const std::string& helper, const std::string& server);
void credential_helper_store(const std::string& helper, const std::string& server, const Credentials& c);
void credential_helper_erase(const std::string& helper, const std::string& server);

}  // namespace ferry
