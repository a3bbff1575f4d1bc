#include "token_reply.hpp"

#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/plugin.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ferry::plugins::docker {

TokenReply parse_token_reply(std::string_view body, const std::string& document) {
  const auto j = json_input::parse(body, json_input::limits::token_reply, document);
  json_input::Fields<nlohmann::json> reply(j, document);
  TokenReply t;
  t.token = reply.string("token").value_or("");
  if (t.token.empty()) t.token = reply.string("access_token").value_or("");
  if (t.token.empty()) throw sdk::Error(FERRY_E_IO, "the answer holds no token");
  // At least the distribution spec's minimum; at most a day, which keeps the
  // renewal time representable whatever the server claims (a token is only
  // fetched again sooner than it had to be).
  const int64_t lifetime = std::clamp<int64_t>(reply.integer("expires_in").value_or(60), 60, 24 * 3600);
  t.renew_after = std::chrono::seconds(lifetime - 10);
  return t;
}

}  // namespace ferry::plugins::docker
