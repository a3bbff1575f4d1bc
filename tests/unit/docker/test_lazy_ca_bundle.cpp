// A CA bundle read only when a chain needs it: what it trusts, and that a
// missing bundle trusts nothing and leaves no error behind.
#include "lazy_ca_bundle.hpp"

#include <gtest/gtest.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace ferry::plugins::docker {
namespace {

namespace fs = std::filesystem;

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;
using Store = std::unique_ptr<X509_STORE, StoreFree>;

// A certificate for `subject`, signed by `issuer_key` in the name of `issuer` (itself when null).
Cert make_cert(const std::string& subject, EVP_PKEY* key, const X509* issuer, EVP_PKEY* issuer_key, bool ca) {
  Cert c(X509_new());
  X509_set_version(c.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(c.get()), ca ? 1 : 2);
  X509_gmtime_adj(X509_getm_notBefore(c.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c.get()), 3600);
  X509_NAME* name = X509_get_subject_name(c.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(subject.c_str()), -1, -1, 0);
  X509_set_issuer_name(c.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(c.get(), key);
  if (ca) {
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, c.get(), c.get(), nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, NID_basic_constraints, "critical,CA:TRUE");
    X509_add_ext(c.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(c.get(), issuer_key, EVP_sha256());
  return c;
}

class LazyCaBundle : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_key.reset(EVP_EC_gen("P-256"));
    leaf_key.reset(EVP_EC_gen("P-256"));
    ca = make_cert("ferry test CA", ca_key.get(), nullptr, ca_key.get(), true);
    leaf = make_cert("registry.test", leaf_key.get(), ca.get(), ca_key.get(), false);
    bundle = fs::temp_directory_path() / ("ferry-lazy-ca-" + std::to_string(::getpid()) + ".pem");
    write_bundle(ca.get());
  }
  void write_bundle(X509* cert) {
    FILE* f = std::fopen(bundle.c_str(), "w");
    ASSERT_NE(f, nullptr);
    PEM_write_X509(f, cert);
    std::fclose(f);
  }
  void TearDown() override { fs::remove(bundle); }

  bool verifies(X509_STORE* store) {
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    X509_STORE_CTX_init(ctx, store, leaf.get(), nullptr);
    const bool ok = X509_verify_cert(ctx) == 1;
    X509_STORE_CTX_free(ctx);
    return ok;
  }

  Key ca_key, leaf_key;
  Cert ca, leaf;
  fs::path bundle;
};

TEST_F(LazyCaBundle, TrustsTheCasOfTheFile) {
  Store store(X509_STORE_new());
  ASSERT_TRUE(add_lazy_ca_bundle(store.get(), bundle.string()));
  EXPECT_TRUE(verifies(store.get()));
  EXPECT_TRUE(verifies(store.get()));  // read once, then answered from the store
}

TEST_F(LazyCaBundle, IsNotReadWhileTheStoreHasTheIssuer) {
  Store store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca.get());
  Key other_key(EVP_EC_gen("P-256"));
  Cert other = make_cert("another CA", other_key.get(), nullptr, other_key.get(), true);
  write_bundle(other.get());
  ASSERT_TRUE(add_lazy_ca_bundle(store.get(), bundle.string()));
  EXPECT_TRUE(verifies(store.get()));
  // The bundle's CA would be in the store had the file been read.
  EXPECT_EQ(sk_X509_OBJECT_num(X509_STORE_get0_objects(store.get())), 1);
}

TEST_F(LazyCaBundle, AMissingFileTrustsNothingAndLeavesNoError) {
  Store store(X509_STORE_new());
  ASSERT_TRUE(add_lazy_ca_bundle(store.get(), (bundle.string() + ".missing")));
  ERR_clear_error();
  EXPECT_FALSE(verifies(store.get()));
  EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST_F(LazyCaBundle, WithoutItTheLeafIsNotTrusted) {
  Store store(X509_STORE_new());
  EXPECT_FALSE(verifies(store.get()));
}

}  // namespace
}  // namespace ferry::plugins::docker
