// WWW-Authenticate challenges (RFC 7235): `Bearer realm="...",service="...",
// scope="..."`, `Basic realm="..."`.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ferry::plugins::docker {

struct Challenge {
  std::string scheme;                         // lower case: "bearer", "basic"
  std::map<std::string, std::string> params;  // keys lower case

  std::string param(const std::string& key) const {
    auto it = params.find(key);
    return it == params.end() ? "" : it->second;
  }
};

// All challenges of all WWW-Authenticate header values; malformed parts are skipped.
std::vector<Challenge> parse_challenges(const std::vector<std::string>& header_values);

}  // namespace ferry::plugins::docker
