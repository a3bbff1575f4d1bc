#include "kit.hpp"

#include <ferry/plugin.hpp>
#include <ferry/signature/gpg.hpp>
#include <ferry/signature/payload.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

namespace ferry::signature {
namespace {

const std::string test_fpr = "EFF171B034AF5FEF1CFE9156FE4B8891A0E90A05";
const std::string other_fpr = "605480DAA1640D5CEF51BE182E4C3EEDB586F330";

std::string refusal(const GpgKeyring& keyring, const std::string& sig) {
  try {
    keyring.verify(sig);
  } catch (const sdk::Error& e) {
    return e.what();
  }
  return "accepted";
}

TEST(GpgKeyring, VerifiesSkopeosSignatureAndReturnsItsPayload) {
  for (const char* key : {"keys/gpg-test-public.asc", "keys/gpg-test-public.gpg"}) {
    auto keyring = GpgKeyring::with_keys({test::kit_file(key)});
    EXPECT_EQ(keyring.imported_fingerprints(), std::vector<std::string>{test_fpr});
    const auto v = keyring.verify(test::kit_file("vectors/simple-standalone/tag.sig"));
    EXPECT_EQ(v.fingerprint, test_fpr);
    EXPECT_EQ(read_payload(v.payload, simple_signing_type).docker_reference, "registry.example/ns/app:1.0");
  }
}

TEST(GpgKeyring, RefusesTamperedAndForeignSignatures) {
  auto keyring = GpgKeyring::with_keys({test::kit_file("keys/gpg-test-public.asc")});
  std::string sig = test::kit_file("vectors/simple-standalone/tag.sig");
  EXPECT_EQ(refusal(keyring, sig.substr(0, 400)), "No data");
  std::string flipped = sig;
  flipped[sig.size() / 2] ^= 1;
  EXPECT_NE(refusal(keyring, flipped), "accepted");
  auto other = GpgKeyring::with_keys({test::kit_file("keys/gpg-other-public.asc")});
  EXPECT_EQ(other.imported_fingerprints(), std::vector<std::string>{other_fpr});
  EXPECT_EQ(refusal(other, sig).rfind("Invalid GPG signature: No public key", 0), 0u) << refusal(other, sig);
}

TEST(GpgKeyring, SomethingThatIsNoKeyImportsNothing) {
  try {
    GpgKeyring::with_keys({"hello"});
    FAIL() << "accepted";
  } catch (const sdk::Error& e) {
    EXPECT_STREQ(e.what(), "No public keys imported");
  }
}

// Signing needs a secret key: a private GNUPGHOME with the kit's test key.
class GpgSigning : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ferry-gpg-test-XXXXXX";
    ASSERT_TRUE(mkdtemp(dir));
    home_ = dir;
    const std::string cmd = "gpg --homedir " + home_ +
                            " --batch --pinentry-mode loopback --passphrase-file " +
                            (test::kit() / "keys/gpg-test-passphrase.txt").string() + " --import " +
                            (test::kit() / "keys/gpg-test-secret.asc").string() + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    const char* old = std::getenv("GNUPGHOME");
    if (old) old_ = old;
    setenv("GNUPGHOME", home_.c_str(), 1);
  }
  void TearDown() override {
    (void)std::system(("gpgconf --homedir " + home_ + " --kill gpg-agent >/dev/null 2>&1").c_str());
    std::filesystem::remove_all(home_);
    if (old_.empty())
      unsetenv("GNUPGHOME");
    else
      setenv("GNUPGHOME", old_.c_str(), 1);
  }
  std::string home_, old_;
};

TEST_F(GpgSigning, SignsAMessageThatVerifies) {
  auto user = GpgKeyring::user();
  const std::string payload = "{\"x\":1}";
  const std::string sig = user.sign(payload, test_fpr, test::kit_passphrase("keys/gpg-test-passphrase.txt"));
  ASSERT_FALSE(sig.empty());
  EXPECT_EQ(static_cast<unsigned char>(sig[0]) & 0x80, 0x80) << "binary, not armored";
  auto trusted = GpgKeyring::with_keys({test::kit_file("keys/gpg-test-public.asc")});
  const auto v = trusted.verify(sig);
  EXPECT_EQ(v.fingerprint, test_fpr);
  EXPECT_EQ(v.payload, payload);
}

TEST_F(GpgSigning, WrongPassphraseAndUnknownKeyAreNamed) {
  auto user = GpgKeyring::user();
  try {
    user.sign("x", test_fpr, std::string("not the passphrase"));
    FAIL() << "signed with a wrong passphrase";
  } catch (const sdk::Error& e) {
    EXPECT_STREQ(e.what(), "Bad passphrase");
  }
  try {
    user.sign("x", std::string(40, '0'), std::nullopt);
    FAIL() << "signed with a missing key";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(std::string(e.what()), "key \"" + std::string(40, '0') + "\" not found");
  }
}

}  // namespace
}  // namespace ferry::signature
