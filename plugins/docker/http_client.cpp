#include "http_client.hpp"

#include "proxy_settings.hpp"

#include <ferry/plugin.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdio>
#include <istream>
#include <ostream>
#include <type_traits>

namespace ferry::plugins::docker {

// ------------------------------------------------------------------ Url

Url Url::parse(const std::string& text) {
  Poco::URI uri(text);
  Url u;
  u.scheme = uri.getScheme();
  if (u.scheme != "http" && u.scheme != "https") throw std::invalid_argument("not an http(s) URL: " + text);
  u.host = uri.getHost();
  u.port = uri.getPort();
  u.target = uri.getPathEtc();
  if (u.target.empty()) u.target = "/";
  return u;
}

std::string Url::authority() const {
  bool default_port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port ? h : h + ":" + std::to_string(port);
}

std::string Url::str() const { return scheme + "://" + authority() + target; }

Url Url::resolve(const std::string& location) const {
  Poco::URI base(str());
  base.resolve(location);
  return Url::parse(base.toString());
}

// ------------------------------------------------------------------ pool

class ConnectionPool {
 public:
  std::unique_ptr<Poco::Net::HTTPClientSession> take(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto& idle = idle_[key];
    if (idle.empty()) return nullptr;
    auto s = std::move(idle.back());
    idle.pop_back();
    return s;
  }
  void give_back(const std::string& key, std::unique_ptr<Poco::Net::HTTPClientSession> s) {
    std::lock_guard lock(mutex_);
    auto& idle = idle_[key];
    if (idle.size() < 16) idle.push_back(std::move(s));
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>>> idle_;
};

// ------------------------------------------------------------------ response

HttpResponse::HttpResponse(std::shared_ptr<ConnectionPool> pool, std::string key,
                           std::unique_ptr<Poco::Net::HTTPClientSession> session)
    : pool_(std::move(pool)), key_(std::move(key)), session_(std::move(session)) {}

HttpResponse::~HttpResponse() {
  // A connection goes back only when its response was consumed entirely;
  // a small unread rest (an error body) is drained first.
  try {
    if (!done_ && !broken_ && body_ && (content_length() >= 0 && content_length() - received_ <= 64 * 1024)) {
      char buf[8192];
      while (read(buf, sizeof buf) > 0) {
      }
    }
  } catch (...) {
    done_ = false;
  }
  if (done_ && session_ && head_.getKeepAlive()) pool_->give_back(key_, std::move(session_));
}

std::string HttpResponse::header(const std::string& name) const {
  auto it = head_.find(name);
  return it == head_.end() ? "" : it->second;
}

std::vector<std::string> HttpResponse::headers(const std::string& name) const {
  std::vector<std::string> out;
  for (auto it = head_.find(name); it != head_.end() && Poco::icompare(it->first, name) == 0; ++it)
    out.push_back(it->second);
  return out;
}

int64_t HttpResponse::content_length() const {
  return head_.hasContentLength() ? static_cast<int64_t>(head_.getContentLength64()) : -1;
}

size_t HttpResponse::read(char* buf, size_t cap) {
  if (done_ || !body_ || cap == 0) return 0;
  std::streamsize n = 0;
  broken_ = true;  // until the read returns: a connection that failed is not drained or reused
  try {
    if (direct_) {
      int64_t left = content_length() - received_;
      n = left > 0
              ? direct_->read_direct(
                    buf, static_cast<std::streamsize>(std::min<int64_t>(left, static_cast<int64_t>(cap))))
              : 0;
    } else {
      body_->read(buf, static_cast<std::streamsize>(cap));
      n = body_->gcount();
    }
  } catch (const Poco::TimeoutException&) {
    throw NetworkError("no data for " + std::to_string(idle_seconds_) + " s");
  } catch (const Poco::Exception& e) {
    throw NetworkError("reading the response failed: " + e.displayText());
  } catch (const std::exception& e) {
    throw NetworkError(std::string("reading the response failed: ") + e.what());
  }
  broken_ = false;
  received_ += n;
  if (n == 0) {
    int64_t want = content_length();
    if (want >= 0 && received_ < want)
      throw NetworkError("the connection closed after " + std::to_string(received_) + " of " +
                         std::to_string(want) + " bytes");
    done_ = true;
  }
  return static_cast<size_t>(n);
}

std::string HttpResponse::read_all(size_t limit) {
  std::string out;
  char buf[16384];
  for (size_t n; (n = read(buf, sizeof buf)) > 0;) {
    out.append(buf, n);
    if (out.size() > limit)
      throw NetworkError("the response is larger than " + std::to_string(limit) + " bytes");
  }
  return out;
}

// ------------------------------------------------------------------ client

HttpClient::HttpClient(HttpOptions options)
    : options_(std::move(options)), pool_(std::make_shared<ConnectionPool>()) {}

namespace {

std::string seconds_text(int seconds) { return std::to_string(seconds) + " s"; }

// What one blocking socket call may wait for the connection to wait `seconds`
// in all: on a TLS socket Poco waits twice, in the blocking call and then in a
// poll of the socket's timeout, before it gives up.
Poco::Timespan socket_wait(int seconds, bool tls) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(seconds) * 1000000 / (tls ? 2 : 1));
}

// A Poco session with direct body I/O, without Nagle's algorithm (a request
// goes out in several writes; none should wait for a delayed ACK), and with
// connect and TLS handshake each bounded by the connect timeout.
template <class Session>
class TunedSession : public Session, public DirectIo {
 public:
  using Session::Session;

  void set_timeouts(const NetworkTimeouts& t) {
    timeouts_ = t;
    const Poco::Timespan idle = socket_wait(t.idle_seconds, tls);
    this->setTimeout(Poco::Timespan(t.connect_seconds, 0), idle, idle);
  }

  int read_direct(char* buf, std::streamsize n) override { return Session::read(buf, n); }
  void write_direct(const char* buf, std::streamsize n) override {
    while (n > 0) {
      int sent = Session::write(buf, n);
      if (sent <= 0) throw Poco::IOException("the connection closed while sending");
      buf += sent;
      n -= sent;
    }
  }

 protected:
  static constexpr bool tls = std::is_base_of_v<Poco::Net::HTTPSClientSession, Session>;

  void connect(const Poco::Net::SocketAddress& address) override {
    const bool proxied = !this->getProxyHost().empty() && !this->bypassProxy();
    const std::string peer =
        proxied ? "the proxy " + this->getProxyHost() + ":" + std::to_string(this->getProxyPort())
                : this->getHost() + ":" + std::to_string(this->getPort());
    // Poco's own handshake waits as long as the idle timeout and says only
    // "Timeout": it is done here instead, within the connect timeout.
    const bool own_handshake = tls && !proxied;
    if (own_handshake) Poco::Net::SecureStreamSocket(this->socket()).setLazyHandshake(true);
    try {
      Session::connect(address);
    } catch (const Poco::TimeoutException&) {
      throw NetworkError("connecting to " + peer + ": no answer within " +
                         seconds_text(timeouts_.connect_seconds));
    }
    this->socket().setNoDelay(true);
    if (own_handshake) handshake(peer);
  }

 private:
  void handshake(const std::string& peer) {
    Poco::Net::SecureStreamSocket sss(this->socket());
    const Poco::Timespan limit = socket_wait(timeouts_.connect_seconds, true);
    const Poco::Timespan idle = socket_wait(timeouts_.idle_seconds, true);
    sss.setReceiveTimeout(limit);
    sss.setSendTimeout(limit);
    try {
      if (sss.completeHandshake() != 1)
        throw NetworkError("TLS handshake with " + peer + ": the server closed the connection");
    } catch (const Poco::TimeoutException&) {
      throw NetworkError("TLS handshake with " + peer + ": no answer within " +
                         seconds_text(timeouts_.connect_seconds));
    }
    sss.setReceiveTimeout(idle);
    sss.setSendTimeout(idle);
    sss.verifyPeerCertificate();  // the host name: Poco checks it only in a handshake of its own
  }

  NetworkTimeouts timeouts_;
};

std::unique_ptr<Poco::Net::HTTPClientSession> open_session(const Url& url, const HttpOptions& o) {
  std::unique_ptr<Poco::Net::HTTPClientSession> s;
  if (url.scheme == "https") {
    auto tls =
        std::make_unique<TunedSession<Poco::Net::HTTPSClientSession>>(url.host, url.port, tls_context(o.tls));
    tls->set_timeouts(o.timeouts);
    s = std::move(tls);
  } else {
    auto plain = std::make_unique<TunedSession<Poco::Net::HTTPClientSession>>(url.host, url.port);
    plain->set_timeouts(o.timeouts);
    s = std::move(plain);
  }
  if (auto proxy = proxy_for(url.scheme, url.host, url.port)) {
    Poco::Net::HTTPClientSession::ProxyConfig cfg;
    cfg.host = proxy->host;
    cfg.port = proxy->port;
    cfg.username = proxy->user;
    cfg.password = proxy->password;
    s->setProxyConfig(cfg);
  }
  s->setKeepAlive(true);
  return s;
}

// The body goes straight to the socket. A chunked body is framed here, a
// chunk per producer buffer (Poco's stream would send a chunk per 4 KiB);
// Poco still writes the final empty chunk when the request stream closes.
void write_body(std::ostream& os, DirectIo* direct, bool chunked, RequestBody& body) {
  if (!direct) {  // no direct access: Poco's stream does everything
    if (!body.producer) os.write(body.bytes.data(), static_cast<std::streamsize>(body.bytes.size()));
    std::vector<char> buf(256 * 1024);
    for (size_t n; body.producer && (n = body.producer(buf.data(), buf.size())) > 0;)
      os.write(buf.data(), static_cast<std::streamsize>(n));
    return;
  }
  os.flush();  // Poco may hold the request head in the body stream
  auto put = [&](const char* data, size_t n) {
    if (n == 0) return;
    if (chunked) {
      char head[24];
      int len = std::snprintf(head, sizeof head, "%zx\r\n", n);
      direct->write_direct(head, len);
    }
    direct->write_direct(data, static_cast<std::streamsize>(n));
    if (chunked) direct->write_direct("\r\n", 2);
  };
  if (!body.producer) {
    put(body.bytes.data(), body.bytes.size());
    return;
  }
  std::vector<char> buf(256 * 1024);
  for (size_t n; (n = body.producer(buf.data(), buf.size())) > 0;) put(buf.data(), n);
}

}  // namespace

std::unique_ptr<HttpResponse> HttpClient::send(const std::string& method, const Url& url,
                                               const Headers& headers, RequestBody* body) {
  const std::string key = url.scheme + "://" + url.authority();
  auto session = pool_->take(key);
  if (!session) session = open_session(url, options_);
  auto resp = std::make_unique<HttpResponse>(pool_, key, std::move(session));
  resp->idle_seconds_ = options_.timeouts.idle_seconds;
  Poco::Net::HTTPClientSession& s = *resp->session_;

  Poco::Net::HTTPRequest req(method, url.target, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setHost(url.host, url.port);
  req.set("User-Agent", options_.user_agent);
  for (const auto& [k, v] : headers) req.add(k, v);
  if (body) {
    if (!body->producer)
      req.setContentLength64(static_cast<Poco::Int64>(body->bytes.size()));
    else if (body->length >= 0)
      req.setContentLength64(body->length);
    else
      req.setChunkedTransferEncoding(true);
  } else if (method == "POST" || method == "PUT" || method == "PATCH") {
    req.setContentLength(0);
  }
  // Upload URLs carry the registry's upload state in the query: keep it out of messages.
  const std::string shown = url.target.substr(0, url.target.find('?'));
  const std::string what = method + " " + url.scheme + "://" + url.authority() + shown;
  const auto& timeouts = options_.timeouts;
  bool sent = false;  // a timeout before: the server took no data; after: it did not answer
  try {
    auto* direct = dynamic_cast<DirectIo*>(&s);
    std::ostream& os = s.sendRequest(req);  // connects first when needed
    os.exceptions(std::ios::badbit);
    if (body) write_body(os, direct, req.getChunkedTransferEncoding(), *body);
    sent = true;
    const bool tls = url.scheme == "https";
    if (body) s.socket().setReceiveTimeout(socket_wait(timeouts.upload_answer_seconds(), tls));
    std::istream& in = s.receiveResponse(resp->head_);
    if (body) s.socket().setReceiveTimeout(socket_wait(timeouts.idle_seconds, tls));
    in.exceptions(std::ios::badbit);
    resp->body_ = &in;
    const int st = resp->status();
    if (!resp->head_.getChunkedTransferEncoding() && resp->head_.hasContentLength() && st != 204 && st != 304)
      resp->direct_ = direct;
  } catch (const sdk::Error&) {
    throw;  // the body producer's own failure (the host's reader)
  } catch (const NetworkError& e) {
    throw NetworkError(what + ": " + e.what(), e.tls_refused());  // connecting, from TunedSession
  } catch (const Poco::Net::SSLException& e) {
    bool verify = e.displayText().find("certificate verify failed") != std::string::npos;
    bool plain = e.displayText().find("wrong version number") != std::string::npos;
    throw NetworkError(what + ": TLS handshake failed: " + e.displayText() +
                           (plain ? " (the server may speak plain http: --tls-verify=false allows it)" : ""),
                       verify);
  } catch (const Poco::TimeoutException&) {
    if (!sent)
      throw NetworkError(what + ": the server took no data for " + seconds_text(timeouts.idle_seconds));
    throw NetworkError(what + ": no answer for " +
                       seconds_text(body ? timeouts.upload_answer_seconds() : timeouts.idle_seconds));
  } catch (const Poco::Net::NoMessageException&) {
    throw NetworkError(what + ": the server closed the connection without answering");
  } catch (const Poco::Exception& e) {
    throw NetworkError(what + ": " + e.displayText());
  } catch (const std::ios_base::failure& e) {
    throw NetworkError(what + ": the connection failed while sending");
  }
  if (method == "HEAD") resp->done_ = true;
  sdk::log(FERRY_LOG_DEBUG, method + " " + url.scheme + "://" + url.authority() + shown +
                                (shown.size() < url.target.size() ? "?…" : "") + " -> " +
                                std::to_string(resp->status()));
  return resp;
}

}  // namespace ferry::plugins::docker
