#include "lazy_ca_bundle.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <mutex>

namespace ferry::plugins::docker {

namespace {

struct Bundle {
  std::string file;
  std::once_flag read;
};

// Reads the bundle once (handshakes may run on several threads), then answers
// from the store as OpenSSL's own directory lookup does.
int find_issuer(X509_LOOKUP* lookup, X509_LOOKUP_TYPE type, const X509_NAME* name, X509_OBJECT* ret) {
  auto* bundle = static_cast<Bundle*>(X509_LOOKUP_get_method_data(lookup));
  std::call_once(bundle->read, [&] {
    // A missing or unreadable bundle trusts nothing more, as with OpenSSL's
    // defaults; its errors must not linger in the queue of this handshake.
    ERR_set_mark();
    X509_load_cert_crl_file(lookup, bundle->file.c_str(), X509_FILETYPE_PEM);
    ERR_pop_to_mark();
  });
  X509_STORE* store = X509_LOOKUP_get_store(lookup);
  if (!X509_STORE_lock(store)) return 0;
  X509_OBJECT* found = X509_OBJECT_retrieve_by_subject(X509_STORE_get0_objects(store), type, name);
  // `ret` borrows the store's reference, as with OpenSSL's own lookups: the
  // caller takes a reference of its own and never releases this one.
  int ok = 0;
  if (found && type == X509_LU_X509) {
    X509* cert = X509_OBJECT_get0_X509(found);
    ok = X509_OBJECT_set1_X509(ret, cert);
    if (ok) X509_free(cert);
  }
  if (found && type == X509_LU_CRL) {
    X509_CRL* crl = X509_OBJECT_get0_X509_CRL(found);
    ok = X509_OBJECT_set1_X509_CRL(ret, crl);
    if (ok) X509_CRL_free(crl);
  }
  X509_STORE_unlock(store);
  return ok;
}

void free_bundle(X509_LOOKUP* lookup) { delete static_cast<Bundle*>(X509_LOOKUP_get_method_data(lookup)); }

X509_LOOKUP_METHOD* lazy_bundle_method() {
  static X509_LOOKUP_METHOD* method = [] {
    X509_LOOKUP_METHOD* m = X509_LOOKUP_meth_new("ferry lazy CA bundle");
    if (m) {
      X509_LOOKUP_meth_set_get_by_subject(m, find_issuer);
      X509_LOOKUP_meth_set_free(m, free_bundle);
    }
    return m;
  }();
  return method;
}

}  // namespace

bool add_lazy_ca_bundle(X509_STORE* store, const std::string& file) {
  X509_LOOKUP_METHOD* method = lazy_bundle_method();
  if (!method) return false;
  // A store has at most one lookup of a method: a second call names another file.
  X509_LOOKUP* lookup = X509_STORE_add_lookup(store, method);
  if (!lookup) return false;
  delete static_cast<Bundle*>(X509_LOOKUP_get_method_data(lookup));
  X509_LOOKUP_set_method_data(lookup, new Bundle{file, {}});
  return true;
}

}  // namespace ferry::plugins::docker
