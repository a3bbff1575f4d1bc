#include "kit.hpp"

#include <ferry/plugin.hpp>
#include <ferry/signature/blob.hpp>
#include <ferry/signature/payload.hpp>

#include <gtest/gtest.h>

namespace ferry::signature {
namespace {

std::string refusal(std::string_view stored) {
  try {
    read_blob(stored);
  } catch (const sdk::Error& e) {
    return e.what();
  }
  return "accepted";
}

TEST(SignatureBlob, ClassifiesByTheFirstByteAsSkopeo) {
  for (unsigned char b : {0xa3, 0x90, 0x89, 0xc2, 0xc4, 0xc8}) {
    const std::string bytes{static_cast<char>(b), 'x'};
    EXPECT_EQ(read_blob(bytes).kind, Kind::simple_signing) << int(b);
    EXPECT_EQ(read_blob(bytes).data, bytes);
  }
  EXPECT_EQ(refusal("-----BEGIN PGP"), "unrecognized signature format, starting with binary 0x2d");
  EXPECT_EQ(refusal("hello"), "unrecognized signature format, starting with binary 0x68");
  EXPECT_EQ(refusal(std::string("\0bogus-format\nx", 15)), "unrecognized signature format \"bogus-format\"");
  EXPECT_EQ(refusal(std::string("\0no newline", 11)), "invalid signature format, missing newline");
  EXPECT_EQ(refusal(""), "unrecognized signature format: the signature is empty");
}

TEST(SignatureBlob, PrefixedSimpleSigningIsStoredBare) {
  const Blob b = read_blob(std::string("\0simple-signing\n\xa3\x01", 18));
  EXPECT_EQ(b.kind, Kind::simple_signing);
  EXPECT_EQ(stored_form(b), "\xa3\x01");
}

TEST(SignatureBlob, SkopeosSigstoreFileRoundTripsByteForByte) {
  const std::string stored = test::kit_file("samples/sigstore/dir-signature-1");
  const Blob b = read_blob(stored);
  ASSERT_EQ(b.kind, Kind::sigstore);
  const SigstoreSignature s = read_sigstore(b.data);
  EXPECT_EQ(s.mime_type, sigstore_payload_type);
  EXPECT_TRUE(s.annotations.count(std::string(sigstore_signature_annotation)));
  EXPECT_EQ(read_payload(s.payload, sigstore_type).docker_reference, "127.0.0.1:5000/sig/tiny:v1");
  EXPECT_EQ(stored_form({.kind = Kind::sigstore, .data = write_sigstore(s)}), stored);
}

TEST(SignatureBlob, SigstoreJsonWithBadBase64IsRefused) {
  EXPECT_THROW(read_sigstore(R"({"mimeType":"m","payload":"%%%","annotations":{}})"), sdk::Error);
  EXPECT_THROW(read_sigstore(R"({"mimeType":"m","payload":"","annotations":{"a":1}})"), sdk::Error);
  EXPECT_THROW(read_sigstore(R"([1])"), sdk::Error);
}

}  // namespace
}  // namespace ferry::signature
