// A CA bundle file trusted without parsing it up front: the file is read into
// the store the first time a chain needs an issuer the store does not hold.
// A registry whose CA comes from --cert-dir never pays for the system bundle
// (some 150 certificates, tens of milliseconds of a short command).
#pragma once

#include <openssl/x509_vfy.h>

#include <string>

namespace ferry::plugins::docker {

// Adds the lookup to `store`, after the lookups it has. False when OpenSSL
// refuses it (out of memory).
bool add_lazy_ca_bundle(X509_STORE* store, const std::string& file);

}  // namespace ferry::plugins::docker
