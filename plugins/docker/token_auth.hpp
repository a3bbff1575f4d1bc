// Who we are to a registry: nothing, Basic credentials, a fixed bearer token
// (--registry-token), or bearer tokens from the registry's token server,
// fetched per scope set and cached until they expire (shared by every client
// of the process that would ask the same server the same question).
#pragma once

#include "http_client.hpp"
#include "www_authenticate.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::docker {

struct Credentials {
  std::string user, secret;
  bool identity_token() const { return user == "<token>"; }  // an OAuth2 refresh token
};

class Authenticator {
 public:
  using CredentialSource = std::function<std::optional<Credentials>()>;
  // `creds` is asked once, when a challenge first needs credentials.
  Authenticator(HttpClient& http, std::string registry, CredentialSource creds,
                std::optional<std::string> registry_token);

  // Remembers the scheme a 401 (of the ping or a later request) asked for.
  void learn(const std::vector<Challenge>& challenges);
  bool needs_auth() const;

  // The Authorization value for a request that needs `scopes`; "" for none.
  // Throws sdk::Error(FERRY_E_UNAUTHORIZED) when the token server refuses.
  std::string authorization(const std::vector<std::string>& scopes);
  // After a 401 with a token we had: forget it so the next call fetches a
  // new one. False when a new attempt cannot change anything.
  bool renew(const std::vector<std::string>& scopes);

  bool sent_credentials();  // whether requests carry the user's credentials
  const std::string& registry() const { return registry_; }

 private:
  struct Token {
    std::string value;
    std::chrono::steady_clock::time_point expires;
  };
  Token fetch_token(const std::vector<std::string>& scopes);
  const std::optional<Credentials>& creds();          // with mutex_ held
  std::string shared_key(const std::string& scopes);  // with mutex_ held

  HttpClient& http_;
  std::string registry_;
  CredentialSource source_;
  std::optional<std::optional<Credentials>> creds_;
  std::optional<std::string> registry_token_;
  std::mutex mutex_;
  std::string scheme_;  // "", "basic" or "bearer"
  std::string realm_, service_;
  std::map<std::string, Token> tokens_;  // by scope list
};

std::string base64(const std::string& s);

}  // namespace ferry::plugins::docker
