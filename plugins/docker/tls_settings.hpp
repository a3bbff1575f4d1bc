// TLS client contexts: system CAs plus a cert dir's *.crt, a *.cert/*.key
// client pair, or no verification at all.
#pragma once

#include <Poco/Net/Context.h>

#include <string>

namespace ferry::plugins::docker {

struct TlsSettings {
  bool verify = true;
  std::string cert_dir;  // "" for none

  bool operator<(const TlsSettings& o) const {
    return verify != o.verify ? verify < o.verify : cert_dir < o.cert_dir;
  }
};

// A shared context for these settings; built once per process and settings.
// Throws sdk::Error naming the file when a certificate or key cannot be read.
Poco::Net::Context::Ptr tls_context(const TlsSettings& settings);

}  // namespace ferry::plugins::docker
