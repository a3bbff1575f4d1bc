#include "tls_settings.hpp"

#include "lazy_ca_bundle.hpp"

#include <ferry/plugin.hpp>

#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Exception.h>
#include <Poco/Net/SSLManager.h>

#include <openssl/x509.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

namespace ferry::plugins::docker {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> files_with(const std::string& dir, const std::string& ext) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());  // a stable choice when several pairs exist
  return out;
}

bool has_hashed_links(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() == 10 && name.compare(8, 2, ".0") == 0) return true;
  }
  return false;
}

// The system's CAs where OpenSSL's defaults look: the hashed directory (c_rehash
// links), which OpenSSL reads one certificate at a time when a chain needs it,
// and the bundle file, read whole only when a chain needs a CA that neither
// --cert-dir nor the directory gave. The bundle is left out when the directory
// has the system's CAs and SSL_CERT_FILE names no other bundle.
void trust_system_cas(X509_STORE* store) {
  const char* named_bundle = std::getenv(X509_get_default_cert_file_env());
  const char* dir_env = std::getenv(X509_get_default_cert_dir_env());
  const std::string dir = dir_env && *dir_env ? dir_env : X509_get_default_cert_dir();
  if (named_bundle || !has_hashed_links(dir))
    add_lazy_ca_bundle(store, named_bundle ? named_bundle : X509_get_default_cert_file());
  if (X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir()))
    X509_LOOKUP_add_dir(lookup, nullptr, X509_FILETYPE_DEFAULT);
}

Poco::Net::Context::Ptr build(const TlsSettings& s) {
  Poco::Net::Context::Params p;
  p.verificationMode = s.verify ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE;
  p.cipherList = "DEFAULT";
  std::vector<fs::path> cas;
  if (!s.cert_dir.empty()) {
    std::error_code ec;
    if (!fs::is_directory(s.cert_dir, ec))
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "the certificate directory " + s.cert_dir + " does not exist");
    cas = files_with(s.cert_dir, ".crt");
    // The containers tools pair client.cert with client.key; a lone half is an error.
    for (const auto& cert : files_with(s.cert_dir, ".cert")) {
      fs::path key = fs::path(cert).replace_extension(".key");
      if (!fs::exists(key, ec))
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                         "missing key " + key.string() + " for client certificate " + cert.string());
      if (p.certificateFile.empty()) {
        p.certificateFile = cert.string();
        p.privateKeyFile = key.string();
      }
    }
    for (const auto& key : files_with(s.cert_dir, ".key"))
      if (!fs::exists(fs::path(key).replace_extension(".cert"), ec))
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "missing client certificate " +
                                                       fs::path(key).replace_extension(".cert").string() +
                                                       " for key " + key.string());
  }
  Poco::Net::Context::Ptr ctx;
  try {
    ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, p);
  } catch (const Poco::Exception& e) {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "cannot use the client certificate in " + s.cert_dir + ": " + e.displayText());
  }
  if (s.verify) trust_system_cas(SSL_CTX_get_cert_store(ctx->sslContext()));
  for (const auto& ca : cas) {
    try {
      for (const auto& cert : Poco::Crypto::X509Certificate::readPEM(ca.string()))
        ctx->addCertificateAuthority(cert);
    } catch (const Poco::Exception& e) {
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "cannot read the CA certificate " + ca.string() + ": " + e.displayText());
    }
  }
  return ctx;
}

}  // namespace

Poco::Net::Context::Ptr tls_context(const TlsSettings& settings) {
  static std::once_flag ssl_once;
  std::call_once(ssl_once, [] { Poco::Net::initializeSSL(); });
  static std::mutex mutex;
  static std::map<TlsSettings, Poco::Net::Context::Ptr> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(settings);
  if (it != cache.end()) return it->second;
  auto ctx = build(settings);
  cache.emplace(settings, ctx);
  return ctx;
}

}  // namespace ferry::plugins::docker
