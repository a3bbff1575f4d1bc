// Token replies (plugins/docker token_reply): a token server's JSON answer,
// whose token ferry caches until it should be renewed.
#include "fuzz_input.hpp"

#include "token_reply.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ferry::plugins::docker::TokenReply reply;
  if (!ferry::fuzz::accepted([&] {
        reply =
            ferry::plugins::docker::parse_token_reply(ferry::fuzz::as_text(data, size), "the token reply");
      }))
    return 0;
  if (reply.token.empty()) ferry::fuzz::broken("an accepted token reply without a token");
  // What the authenticator does with it: the moment to fetch a new one.
  (void)(std::chrono::steady_clock::now() + reply.renew_after);
  return 0;
}
