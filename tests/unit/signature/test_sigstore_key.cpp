#include "kit.hpp"

#include <ferry/plugin.hpp>
#include <ferry/signature/blob.hpp>
#include <ferry/signature/sigstore_key.hpp>

#include <gtest/gtest.h>

namespace ferry::signature {
namespace {

std::string passphrase() { return test::kit_passphrase("keys/sigstore-test-passphrase.txt"); }

std::string load_refusal(const std::string& pem, const std::string& pass) {
  try {
    SigstorePrivateKey::load(pem, pass);
  } catch (const sdk::Error& e) {
    return e.what();
  }
  return "accepted";
}

std::string verify_refusal(const std::string& pub, const std::string& payload, const std::string& sig) {
  try {
    verify_sigstore(pub, payload, sig);
  } catch (const sdk::Error& e) {
    return e.what();
  }
  return "accepted";
}

TEST(SigstoreKey, DecryptsSkopeosKeyInBothPemTypes) {
  for (const char* file : {"keys/sigstore-test.private", "keys/sigstore-test-sigstore-type.private"}) {
    const auto key = SigstorePrivateKey::load(test::kit_file(file), passphrase());
    EXPECT_EQ(key.public_pem(), test::kit_file("keys/sigstore-test.pub")) << file;
  }
}

TEST(SigstoreKey, RefusesWithSkopeosWords) {
  const std::string pem = test::kit_file("keys/sigstore-test.private");
  EXPECT_EQ(load_refusal(pem, "wrong"), "decrypt: encrypted: decryption failed");
  EXPECT_EQ(load_refusal("not a key", passphrase()), "invalid pem block");
  EXPECT_EQ(load_refusal(test::kit_file("keys/sigstore-test.pub"), passphrase()),
            "unsupported pem type: PUBLIC KEY");
}

TEST(SigstoreKey, SignaturesVerifyWithThePublicKeyOnly) {
  const auto key = SigstorePrivateKey::load(test::kit_file("keys/sigstore-test.private"), passphrase());
  const std::string payload = "{\"a\":1}";
  const std::string sig = key.sign(payload);
  EXPECT_EQ(verify_refusal(test::kit_file("keys/sigstore-test.pub"), payload, sig), "accepted");
  EXPECT_EQ(verify_refusal(test::kit_file("keys/sigstore-test.pub"), payload + " ", sig),
            "cryptographic signature verification failed: invalid signature when validating ASN.1 encoded "
            "signature");
  EXPECT_EQ(verify_refusal(test::kit_file("keys/sigstore-other.pub"), payload, sig),
            "cryptographic signature verification failed: invalid signature when validating ASN.1 encoded "
            "signature");
  EXPECT_EQ(verify_refusal(test::kit_file("keys/gpg-test-public.asc"), payload, sig),
            "parsing public key: PEM decoding failed");
  EXPECT_EQ(verify_refusal(test::kit_file("keys/sigstore-test.pub"), payload, "%" + sig),
            "base64 decoding: illegal base64 data at input byte 0");
}

TEST(SigstoreKey, VerifiesTheKitsSkopeoSignature) {
  const Blob blob = read_blob(test::kit_file("vectors/sigstore-signed/signature-1"));
  ASSERT_EQ(blob.kind, Kind::sigstore);
  const auto s = read_sigstore(blob.data);
  const std::string sig = s.annotations.at(std::string(sigstore_signature_annotation));
  EXPECT_EQ(verify_refusal(test::kit_file("keys/sigstore-test.pub"), s.payload, sig), "accepted");
  EXPECT_NE(verify_refusal(test::kit_file("keys/sigstore-other.pub"), s.payload, sig), "accepted");
}

TEST(SigstoreKey, GeneratedKeysLoadAndSign) {
  const auto pair = generate_sigstore_key("pw");
  EXPECT_EQ(pair.private_pem.rfind("-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n", 0), 0u);
  const auto key = SigstorePrivateKey::load(pair.private_pem, "pw");
  EXPECT_EQ(key.public_pem(), pair.public_pem);
  EXPECT_EQ(verify_refusal(pair.public_pem, "p", key.sign("p")), "accepted");
  EXPECT_EQ(load_refusal(pair.private_pem, "other"), "decrypt: encrypted: decryption failed");
}

}  // namespace
}  // namespace ferry::signature
