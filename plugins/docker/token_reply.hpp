// A token server's answer (the distribution spec's token reply): the bearer
// token, under "token" or OAuth2's "access_token", and how long it lives.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace ferry::plugins::docker {

struct TokenReply {
  std::string token;  // never empty
  // When to fetch a new one: a little before "expires_in" (taken as at
  // least the spec's 60 seconds, at most a day), so a token does not expire
  // in flight.
  std::chrono::steady_clock::duration renew_after;
};

// `body` read within the limits for token replies; `document` names it in
// errors ("the token reply from https://auth.example"). Throws
// json_input::Error for malformed JSON or a member of the wrong type, and
// sdk::Error(FERRY_E_IO) when the answer holds no token.
TokenReply parse_token_reply(std::string_view body, const std::string& document);

}  // namespace ferry::plugins::docker
