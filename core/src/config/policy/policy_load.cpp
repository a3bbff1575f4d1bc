// Where the policy comes from: --policy, else the user's file if it exists,
// else the system's. Errors word the file as Go's os.ReadFile does.
#include "config/policy/policy_files.hpp"

#include <ferry/core/policy.hpp>
#include <ferry/json_input/limits.hpp>

#include <cstdlib>
#include <system_error>

namespace ferry {

namespace fs = std::filesystem;

Policy Policy::load(const fs::path& file, const PolicyScopeKinds& kinds) {
  return parse(policy::read_whole_file(file.string(), json_input::limits::policy_file.max_bytes),
               file.string(), kinds);
}

Policy Policy::load_default(const std::string& explicit_path, const PolicyScopeKinds& kinds) {
  if (!explicit_path.empty()) return load(explicit_path, kinds);
  if (const char* home = std::getenv("HOME")) {
    const fs::path user = fs::path(home) / ".config/containers/policy.json";
    std::error_code ec;
    if (fs::exists(user, ec)) return load(user, kinds);
  }
  return load("/etc/containers/policy.json", kinds);
}

}  // namespace ferry
