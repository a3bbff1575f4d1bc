#include "daemon_connection.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <netdb.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace ferry::plugins::docker_daemon {

struct DaemonConnection::Tls {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
  }
};

namespace {

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  if (!e) return "TLS failure";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

// OpenSSL writes with write(2); a daemon that hangs up must not kill us with
// SIGPIPE, so the signal is blocked on this thread and a pending one dropped.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) {
      timespec zero{};
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t pipe_, old_;
};

// Bounds every blocking send (and connect) or receive on the socket.
void set_socket_wait(int fd, int option, int seconds) {
  timeval tv{};
  tv.tv_sec = seconds;
  ::setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv);
}

bool would_block(int err) { return err == EAGAIN || err == EWOULDBLOCK; }

}  // namespace

void DaemonConnection::fail(const std::string& what) const {
  throw sdk::Error(FERRY_E_IO, what + " (docker daemon at " + label_ + ")");
}

void DaemonConnection::timed_out(const std::string& doing, const std::string& what, int seconds) const {
  throw sdk::Error(FERRY_E_IO, doing + " the docker daemon at " + label_ + ": " + what + " " +
                                   std::to_string(seconds) + " s");
}

DaemonConnection::DaemonConnection(const DaemonAddress& a, const DaemonTimeouts& timeouts)
    : label_(a.label), timeouts_(timeouts) {
  if (a.unix_socket) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (a.path.size() >= sizeof sa.sun_path) fail("the socket path " + a.path + " is too long");
    std::memcpy(sa.sun_path, a.path.c_str(), a.path.size() + 1);
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ >= 0) set_socket_wait(fd_, SO_SNDTIMEO, timeouts_.connect_seconds);  // bounds connect too
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
      if (fd_ >= 0 && would_block(errno))
        timed_out("connecting to", "no answer within", timeouts_.connect_seconds);
      fail("Cannot connect to the Docker daemon at unix://" + a.path + ": " + std::strerror(errno) +
           ". Is the docker daemon running?");
    }
  } else {
    connect_tcp(a);
  }
  set_socket_wait(fd_, SO_RCVTIMEO, timeouts_.idle_seconds);
  set_socket_wait(fd_, SO_SNDTIMEO, timeouts_.idle_seconds);
}

void DaemonConnection::connect_tcp(const DaemonAddress& a) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(a.host.c_str(), a.port.c_str(), &hints, &res); rc != 0)
    fail("cannot resolve " + a.host + ": " + gai_strerror(rc));
  int err = 0;
  for (addrinfo* p = res; p; p = p->ai_next) {
    fd_ = ::socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
    if (fd_ >= 0) set_socket_wait(fd_, SO_SNDTIMEO, timeouts_.connect_seconds);  // bounds connect too
    if (fd_ >= 0 && ::connect(fd_, p->ai_addr, p->ai_addrlen) == 0) break;
    err = errno;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  ::freeaddrinfo(res);
  if (fd_ < 0 && (err == EINPROGRESS || would_block(err)))  // what a timed-out connect reports
    timed_out("connecting to", "no answer within", timeouts_.connect_seconds);
  if (fd_ < 0)
    fail("Cannot connect to the Docker daemon at " + a.host + ":" + a.port + ": " + std::strerror(err));
  if (a.tls) start_tls(a);
}

DaemonConnection::~DaemonConnection() {
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
}

void DaemonConnection::start_tls(const DaemonAddress& a) {
  tls_ = std::make_unique<Tls>();
  tls_->ctx = SSL_CTX_new(TLS_client_method());
  if (!tls_->ctx) fail("cannot set up TLS: " + openssl_error());
  SSL_CTX_set_min_proto_version(tls_->ctx, TLS1_2_VERSION);
  if (a.verify) {
    SSL_CTX_set_verify(tls_->ctx, SSL_VERIFY_PEER, nullptr);
    bool ok = a.ca_file.empty() ? SSL_CTX_set_default_verify_paths(tls_->ctx) == 1
                                : SSL_CTX_load_verify_locations(tls_->ctx, a.ca_file.c_str(), nullptr) == 1;
    if (!ok) fail("cannot load the CA certificates " + a.ca_file + ": " + openssl_error());
  }
  if (!a.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(tls_->ctx, a.cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(tls_->ctx, a.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
      fail("cannot load the client certificate " + a.cert_file + ": " + openssl_error());
  }
  tls_->ssl = SSL_new(tls_->ctx);
  SSL_set_fd(tls_->ssl, fd_);
  SSL_set_tlsext_host_name(tls_->ssl, a.host.c_str());
  if (a.verify) SSL_set1_host(tls_->ssl, a.host.c_str());
  SigpipeGuard guard;
  set_socket_wait(fd_, SO_RCVTIMEO, timeouts_.connect_seconds);
  if (int r = SSL_connect(tls_->ssl); r != 1) {
    int e = SSL_get_error(tls_->ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ||
        (e == SSL_ERROR_SYSCALL && would_block(errno)))
      timed_out("TLS handshake with", "no answer within", timeouts_.connect_seconds);
    long v = SSL_get_verify_result(tls_->ssl);
    std::string why = v != X509_V_OK ? X509_verify_cert_error_string(v) : openssl_error();
    fail("TLS handshake failed: " + why);
  }
}

void DaemonConnection::write_all(const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w;
    if (tls_) {
      SigpipeGuard guard;
      int r = SSL_write(tls_->ssl, p, static_cast<int>(std::min<size_t>(n, 1 << 30)));
      if (r <= 0) {
        int e = SSL_get_error(tls_->ssl, r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
          timed_out("sending to", "it took no data for", timeouts_.idle_seconds);
        fail("sending to the daemon failed: " + openssl_error());
      }
      w = r;
    } else {
      w = ::send(fd_, p, n, MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0 && would_block(errno)) timed_out("sending to", "it took no data for", timeouts_.idle_seconds);
      if (w < 0) fail(std::string("sending to the daemon failed: ") + std::strerror(errno));
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
}

size_t DaemonConnection::read_some(void* buf, size_t cap) {
  for (;;) {
    if (tls_) {
      int r = SSL_read(tls_->ssl, buf, static_cast<int>(std::min<size_t>(cap, 1 << 30)));
      if (r > 0) return static_cast<size_t>(r);
      int e = SSL_get_error(tls_->ssl, r);
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
        timed_out("reading from", "no data for", timeouts_.idle_seconds);
      if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)) return 0;
      fail("reading from the daemon failed: " + openssl_error());
    }
    ssize_t n = ::recv(fd_, buf, cap, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && would_block(errno)) timed_out("reading from", "no data for", timeouts_.idle_seconds);
    if (n < 0) fail(std::string("reading from the daemon failed: ") + std::strerror(errno));
    return static_cast<size_t>(n);
  }
}

}  // namespace ferry::plugins::docker_daemon
