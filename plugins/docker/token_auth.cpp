#include "token_auth.hpp"

#include "json_body.hpp"
#include "token_reply.hpp"

#include <ferry/plugin.hpp>

#include <Poco/Base64Encoder.h>
#include <Poco/URI.h>

#include <memory>
#include <sstream>

namespace ferry::plugins::docker {

namespace {

std::string query_escape(const std::string& s) {
  std::string out;
  Poco::URI::encode(s, "!#$&'()*+,/:;=?@[]% ", out);
  return out;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string key;
  for (const auto& s : scopes) key += s + " ";
  return key;
}

// Tokens are shared by every client of the process with the same token
// server, service, scopes and identity: a sync opens clients per image, and
// token servers limit how often they are asked (Docker Hub among them).
// Clients asking together wait for one answer.
struct SharedToken {
  std::mutex fetching;
  std::string value;
  std::chrono::steady_clock::time_point expires;
};
std::mutex shared_mutex;
std::map<std::string, std::shared_ptr<SharedToken>> shared_tokens;

std::shared_ptr<SharedToken> shared_token(const std::string& key) {
  std::lock_guard lock(shared_mutex);
  auto& slot = shared_tokens[key];
  if (!slot) slot = std::make_shared<SharedToken>();
  return slot;
}

}  // namespace

std::string base64(const std::string& s) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out);
  enc.rdbuf()->setLineLength(0);
  enc << s;
  enc.close();
  return out.str();
}

Authenticator::Authenticator(HttpClient& http, std::string registry, CredentialSource creds,
                             std::optional<std::string> registry_token)
    : http_(http),
      registry_(std::move(registry)),
      source_(std::move(creds)),
      registry_token_(std::move(registry_token)) {}

const std::optional<Credentials>& Authenticator::creds() {
  if (!creds_) creds_ = source_ ? source_() : std::nullopt;
  return *creds_;
}

bool Authenticator::sent_credentials() {
  std::lock_guard lock(mutex_);
  return !registry_token_ && !scheme_.empty() && creds().has_value();
}

void Authenticator::learn(const std::vector<Challenge>& challenges) {
  std::lock_guard lock(mutex_);
  for (const auto& c : challenges) {
    if (c.scheme == "bearer" && !c.param("realm").empty()) {
      scheme_ = "bearer";
      realm_ = c.param("realm");
      service_ = c.param("service");
      return;
    }
  }
  for (const auto& c : challenges)
    if (c.scheme == "basic") scheme_ = "basic";
}

bool Authenticator::needs_auth() const { return !scheme_.empty() || registry_token_; }

std::string Authenticator::authorization(const std::vector<std::string>& scopes) {
  if (registry_token_) return "Bearer " + *registry_token_;
  std::lock_guard lock(mutex_);
  if (scheme_ == "basic") return creds() ? "Basic " + base64(creds()->user + ":" + creds()->secret) : "";
  if (scheme_ != "bearer") return "";
  const std::string key = join_scopes(scopes);
  const auto now = std::chrono::steady_clock::now();
  auto it = tokens_.find(key);
  if (it != tokens_.end() && it->second.expires > now) return "Bearer " + it->second.value;
  const auto shared = shared_token(shared_key(key));
  std::lock_guard one_fetch(shared->fetching);
  if (shared->expires <= std::chrono::steady_clock::now()) {
    Token t = fetch_token(scopes);
    shared->value = t.value;
    shared->expires = t.expires;
  }
  tokens_[key] = Token{shared->value, shared->expires};
  return "Bearer " + shared->value;
}

std::string Authenticator::shared_key(const std::string& scopes) {
  const std::optional<Credentials>& c = creds();
  std::string who = c ? c->user + '\0' + c->secret : std::string("\0anonymous");
  return realm_ + '\n' + service_ + '\n' + scopes + '\n' + who;
}

bool Authenticator::renew(const std::vector<std::string>& scopes) {
  if (registry_token_) return false;
  std::lock_guard lock(mutex_);
  if (scheme_ != "bearer") return false;
  const std::string key = join_scopes(scopes);
  auto it = tokens_.find(key);
  if (it == tokens_.end()) return false;
  {
    // The registry refused it: no other client may use it either.
    const auto shared = shared_token(shared_key(key));
    std::lock_guard one_fetch(shared->fetching);
    if (shared->value == it->second.value) shared->expires = {};
  }
  tokens_.erase(it);
  return true;
}

Authenticator::Token Authenticator::fetch_token(const std::vector<std::string>& scopes) {
  Url realm;
  try {
    realm = Url::parse(realm_);
  } catch (const std::exception&) {
    throw sdk::Error(FERRY_E_IO,
                     "registry " + registry_ + " names an unusable token realm \"" + realm_ + "\"");
  }
  const std::optional<Credentials>& cred = creds();
  Headers headers;
  std::unique_ptr<HttpResponse> resp;
  try {
    if (cred && cred->identity_token()) {
      // OAuth2 refresh-token grant, as docker and the containers tools do for identity tokens.
      RequestBody body;
      body.bytes = "grant_type=refresh_token&client_id=ferry&refresh_token=" + query_escape(cred->secret) +
                   "&service=" + query_escape(service_);
      for (const auto& s : scopes) body.bytes += "&scope=" + query_escape(s);
      headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      resp = http_.send("POST", realm, headers, &body);
    } else {
      std::string q = realm.target.find('?') == std::string::npos ? "?" : "&";
      q += "service=" + query_escape(service_);
      for (const auto& s : scopes) q += "&scope=" + query_escape(s);
      if (cred) {
        q += "&account=" + query_escape(cred->user);
        headers.emplace_back("Authorization", "Basic " + base64(cred->user + ":" + cred->secret));
      }
      Url u = realm;
      u.target += q;
      resp = http_.send("GET", u, headers);
    }
  } catch (const NetworkError& e) {
    throw sdk::Error(FERRY_E_RETRYABLE, "unable to retrieve auth token for " + registry_ + ": " + e.what());
  }
  int st = resp->status();
  if (st == 401 || st == 403)
    throw sdk::Error(FERRY_E_UNAUTHORIZED,
                     "unable to retrieve auth token for " + registry_ + ": " +
                         (cred ? "invalid username/password" : "authentication required") + " (" +
                         realm.scheme + "://" + realm.authority() + " answered " + std::to_string(st) + ")");
  if (st != 200)
    throw sdk::Error(st >= 500 || st == 429 ? FERRY_E_RETRYABLE : FERRY_E_IO,
                     "unable to retrieve auth token for " + registry_ + ": the token server answered HTTP " +
                         std::to_string(st));
  const std::string document = "the token reply from " + realm.scheme + "://" + realm.authority();
  std::string body;
  try {
    body = read_json_body(*resp, json_input::limits::token_reply, document);
  } catch (const sdk::Error& e) {
    throw sdk::Error(e.code(), "unable to retrieve auth token for " + registry_ + ": " + e.what());
  } catch (const NetworkError& e) {
    throw sdk::Error(FERRY_E_RETRYABLE, "unable to retrieve auth token for " + registry_ + ": " + e.what());
  }
  TokenReply reply;
  try {
    reply = parse_token_reply(body, document);
  } catch (const sdk::Error& e) {
    throw sdk::Error(e.code(), "unable to retrieve auth token for " + registry_ + ": " + e.what());
  }
  Token t;
  t.value = std::move(reply.token);
  t.expires = std::chrono::steady_clock::now() + reply.renew_after;
  return t;
}

}  // namespace ferry::plugins::docker
