// One repository on one registry endpoint: the /v2/ ping (https first, http
// when verification is off), authentication for the scopes this side needs,
// per-request retries, and redirects.
#pragma once

#include "http_client.hpp"
#include "registry_settings.hpp"
#include "token_auth.hpp"

#include <ferry/plugin.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ferry::plugins::docker {

enum class Access { pull, push, all };

struct RequestOptions {
  std::vector<std::string> extra_scopes;  // a mount source's "repository:x:pull"
  bool follow_redirects = false;          // blob GETs may be sent elsewhere
  bool no_repository_scope = false;       // login: authenticate to the registry only
};

// What GET /v2/ told: the scheme that answered and the auth challenges.
struct PingResult {
  std::string scheme;
  std::vector<Challenge> challenges;
};

class RegistryClient {
 public:
  RegistryClient(const sdk::Context& ctx, const RegistrySettings& settings, RegistryEndpoint endpoint,
                 Access access);

  // Pings the registry once (later calls return at once). Throws a clear
  // error when it cannot be reached, its certificate is refused, or it is no
  // registry.
  void connect();

  // Sends a request to target ("/v2/...") or an absolute URL, with retries
  // for transient failures (only when the body can be sent again) and one
  // renewal of the token after a 401. Returns the final response whatever
  // its status; `what` names the operation in errors.
  std::unique_ptr<HttpResponse> request(const std::string& method, const std::string& target,
                                        const std::string& what, Headers headers = {},
                                        RequestBody* body = nullptr, const RequestOptions& options = {});

  // Throws the error a non-success response stands for (reads its body).
  [[noreturn]] void fail(HttpResponse& resp, const std::string& what);

  // "/v2/<repository>" on this endpoint.
  std::string repo_target() const { return "/v2/" + endpoint_.path; }
  const std::string& repo_path() const { return endpoint_.path; }
  // "127.0.0.1:5000/lab/tiny" for messages: the registry and repository as the user named them.
  std::string display_name() const { return settings_.registry + "/" + settings_.repository_path; }
  const RegistryEndpoint& endpoint() const { return endpoint_; }
  const sdk::Context& context() const { return ctx_; }
  // For other servers of this registry's users (an http lookaside): the same TLS settings.
  const HttpOptions& http_settings() const { return http_.options(); }
  Url base_url() const;

 private:
  std::vector<std::string> scopes(const RequestOptions& options) const;
  void ping();
  PingResult probe(bool may_fall_back);

  sdk::Context ctx_;
  RegistrySettings settings_;
  RegistryEndpoint endpoint_;
  Access access_;
  HttpClient http_;
  Authenticator auth_;
  std::once_flag pinged_;
  std::string scheme_;  // chosen by the ping
};

// A client for one operation's use of a repository endpoint, shared while any
// holder keeps it: inspect reads the image and then its tags with one ping,
// one token and one connection.
std::shared_ptr<RegistryClient> shared_registry_client(const sdk::Context& ctx,
                                                       const RegistrySettings& settings,
                                                       const RegistryEndpoint& endpoint, Access access);

}  // namespace ferry::plugins::docker
