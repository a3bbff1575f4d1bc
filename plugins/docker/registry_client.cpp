#include "registry_client.hpp"

#include "registry_errors.hpp"
#include "retry_policy.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>

namespace ferry::plugins::docker {

namespace {

HttpOptions http_options(const RegistrySettings& s, const RegistryEndpoint& e) {
  HttpOptions o;
  o.tls.verify = s.verify_tls(e);
  o.tls.cert_dir = s.cert_dir_for(e);
  o.user_agent = s.user_agent;
  o.timeouts = network_timeouts();
  return o;
}

Authenticator::CredentialSource credential_source(const sdk::Context& ctx, const RegistrySettings& s) {
  if (s.no_creds || s.registry_token) return nullptr;
  std::string name = s.registry + "/" + s.repository_path;
  return [ctx, name]() -> std::optional<Credentials> {
    auto c = ctx.credentials(name);
    if (!c) return std::nullopt;
    return Credentials{c->first, c->second};
  };
}

// What a ping learnt is kept for the process: a sync opens a client per
// image and side, and a registry's scheme and challenges do not change meanwhile.
using PingKey = std::tuple<std::string, bool, std::string>;  // host, verify TLS, cert dir
// Clients starting together wait for one ping rather than each sending theirs.
// A failed ping is shared only with the clients that waited for it: a retry
// later pings again.
struct PingSlot {
  std::mutex pinging;
  std::optional<PingResult> result;  // empty until a ping succeeded
  std::atomic<unsigned> failures{0};
  std::optional<sdk::Error> last_failure;
};
std::mutex ping_mutex;
std::map<PingKey, std::shared_ptr<PingSlot>> pings;

bool insufficient_scope(HttpResponse& resp) {
  for (const auto& c : parse_challenges(resp.headers("WWW-Authenticate")))
    if (c.param("error") == "insufficient_scope") return true;
  return false;
}

}  // namespace

std::shared_ptr<RegistryClient> shared_registry_client(const sdk::Context& ctx,
                                                       const RegistrySettings& settings,
                                                       const RegistryEndpoint& endpoint, Access access) {
  // The operation's context fixes the options. A context's address is not
  // reused while a client of it lives: its operation is still running.
  using Key = std::tuple<const ferry_context*, std::string, std::string, bool, Access>;
  static std::mutex mutex;
  static std::map<Key, std::weak_ptr<RegistryClient>> clients;
  Key key{ctx.raw(), endpoint.host, endpoint.path, endpoint.insecure, access};
  std::lock_guard lock(mutex);
  for (auto it = clients.begin(); it != clients.end();)  // forget the expired ones
    it = it->second.expired() ? clients.erase(it) : std::next(it);
  if (auto live = clients[key].lock()) return live;
  auto client = std::make_shared<RegistryClient>(ctx, settings, endpoint, access);
  clients[key] = client;
  return client;
}

RegistryClient::RegistryClient(const sdk::Context& ctx, const RegistrySettings& settings,
                               RegistryEndpoint endpoint, Access access)
    : ctx_(ctx),
      settings_(settings),
      endpoint_(std::move(endpoint)),
      access_(access),
      http_(http_options(settings_, endpoint_)),
      auth_(http_, settings_.registry, credential_source(ctx, settings_), settings_.registry_token) {}

Url RegistryClient::base_url() const { return Url::parse(scheme_ + "://" + endpoint_.host + "/"); }

std::vector<std::string> RegistryClient::scopes(const RequestOptions& options) const {
  static const char* actions[] = {"pull", "pull,push", "*"};
  if (options.no_repository_scope) return options.extra_scopes;
  std::vector<std::string> s{"repository:" + endpoint_.path + ":" + actions[static_cast<int>(access_)]};
  s.insert(s.end(), options.extra_scopes.begin(), options.extra_scopes.end());
  return s;
}

void RegistryClient::connect() {
  std::call_once(pinged_, [this] { ping(); });
}

void RegistryClient::ping() {
  // Without verification, plain http is allowed too: https is tried first.
  const bool may_fall_back = !settings_.verify_tls(endpoint_);
  const PingKey key{endpoint_.host, !may_fall_back, settings_.cert_dir_for(endpoint_)};
  std::shared_ptr<PingSlot> slot;
  unsigned failures_seen = 0;
  {
    std::lock_guard lock(ping_mutex);
    auto& s = pings[key];
    if (!s) s = std::make_shared<PingSlot>();
    slot = s;
    failures_seen = slot->failures;
  }
  std::lock_guard one_at_a_time(slot->pinging);
  if (slot->result) {
    scheme_ = slot->result->scheme;
    auth_.learn(slot->result->challenges);
    return;
  }
  if (slot->failures != failures_seen) throw *slot->last_failure;
  try {
    slot->result = probe(may_fall_back);
  } catch (const sdk::Error& e) {
    slot->last_failure = e;
    ++slot->failures;
    throw;
  }
  auth_.learn(slot->result->challenges);
  scheme_ = slot->result->scheme;
}

// GET /v2/: https first, then http when allowed; what the answer says.
PingResult RegistryClient::probe(bool may_fall_back) {
  const std::string what = "pinging container registry " + endpoint_.host;
  std::string errors;
  for (std::string scheme : {"https", "http"}) {
    if (scheme == "http" && !may_fall_back) break;
    Url url = Url::parse(scheme + "://" + endpoint_.host + "/v2/");
    try {
      for (int attempt = 0;; ++attempt) {
        auto resp = http_.send("GET", url, {});
        int st = resp->status();
        if (retryable_status(st) && attempt + 1 < max_attempts) {
          std::string after = resp->header("Retry-After");
          resp.reset();
          pause(retry_delay(attempt, after), ctx_);
          continue;
        }
        PingResult learnt{scheme, {}};
        if (st == 401)
          learnt.challenges = parse_challenges(resp->headers("WWW-Authenticate"));
        else if (st != 200)
          fail(*resp, what);
        return learnt;
      }
    } catch (const NetworkError& e) {
      if (e.tls_refused())
        throw sdk::Error(FERRY_E_IO, what + ": " + e.what() +
                                         " (a registry with a private CA needs --cert-dir with its ca.crt, "
                                         "or --tls-verify=false)");
      errors += (errors.empty() ? "" : "; ") + std::string(e.what());
    }
  }
  throw sdk::Error(FERRY_E_RETRYABLE, what + ": " + errors);
}

std::unique_ptr<HttpResponse> RegistryClient::request(const std::string& method, const std::string& target,
                                                      const std::string& what, Headers headers,
                                                      RequestBody* body, const RequestOptions& options) {
  connect();
  const Url base = base_url();
  Url url = target.rfind("http", 0) == 0 ? Url::parse(target) : base.resolve(target);
  const bool replayable = !body || !body->producer;
  const auto needed = scopes(options);
  bool renewed = false;
  int redirects = 0;
  for (int attempt = 0;;) {
    Headers h = headers;
    // Credentials go to the registry only, never to a host a redirect named.
    if (url.authority() == base.authority()) {
      std::string authz = auth_.authorization(needed);
      if (!authz.empty()) h.emplace_back("Authorization", authz);
    }
    std::unique_ptr<HttpResponse> resp;
    try {
      resp = http_.send(method, url, h, body);
    } catch (const NetworkError& e) {
      if (e.tls_refused() || !replayable || attempt + 1 >= max_attempts)
        throw sdk::Error(FERRY_E_RETRYABLE,
                         what + ": " + e.what() +
                             (replayable ? " (gave up after " + std::to_string(attempt + 1) + " attempts)"
                                         : " (a streamed upload cannot be sent again; "
                                           "--retry-times retries the whole copy)"));
      sdk::log(FERRY_LOG_INFO, what + ": " + e.what() + "; retrying");
      pause(retry_delay(attempt++, ""), ctx_);
      continue;
    }
    int st = resp->status();
    if (st == 401 && !renewed && replayable && url.authority() == base.authority()) {
      renewed = true;
      bool had_scheme = auth_.needs_auth();
      auth_.learn(parse_challenges(resp->headers("WWW-Authenticate")));
      if (auth_.renew(needed) || (!had_scheme && auth_.needs_auth())) continue;
    }
    if (retryable_status(st) && replayable && attempt + 1 < max_attempts) {
      std::string after = resp->header("Retry-After");
      sdk::log(FERRY_LOG_INFO, what + ": HTTP " + std::to_string(st) + "; retrying");
      resp.reset();
      pause(retry_delay(attempt++, after), ctx_);
      continue;
    }
    if (options.follow_redirects && (st == 301 || st == 302 || st == 303 || st == 307 || st == 308) &&
        !resp->header("Location").empty()) {
      if (++redirects > 5) throw sdk::Error(FERRY_E_IO, what + ": too many redirects");
      url = url.resolve(resp->header("Location"));
      continue;
    }
    return resp;
  }
}

void RegistryClient::fail(HttpResponse& resp, const std::string& what) {
  int st = resp.status();
  std::string body;
  try {
    body = resp.read_all(64 * 1024);
  } catch (const NetworkError&) {
  }
  if (st == 401 && (insufficient_scope(resp) || auth_.sent_credentials()))
    throw sdk::Error(
        FERRY_E_UNAUTHORIZED,
        what + ": " +
            (insufficient_scope(resp) ? "requested access to the resource is denied"
                                      : "authentication required (the credentials were refused)"));
  sdk::Error e = registry_error(what, st, resp.reason(), body);
  if (e.code() == FERRY_E_RETRYABLE)
    throw sdk::Error(
        e.code(), std::string(e.what()) + " (gave up after " + std::to_string(max_attempts) + " attempts)");
  throw e;
}

}  // namespace ferry::plugins::docker
