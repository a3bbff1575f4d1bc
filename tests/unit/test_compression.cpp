// Layer (de)compression: round trips, concatenated gzip members, and damaged
// streams that must fail rather than deliver wrong bytes.
#include <ferry/compression/compression.hpp>
#include <ferry/core/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace ferry {
namespace {

std::string drain(ByteReader& r) {
  std::string out, buf(7'001, '\0');
  for (size_t n; (n = r.read(buf.data(), buf.size())) > 0;) out.append(buf, 0, n);
  return out;
}

std::string sample(size_t n) {
  std::string s;
  for (size_t i = 0; s.size() < n; ++i) s += "layer line " + std::to_string(i * 2654435761u % 100000) + "\n";
  s.resize(n);
  return s;
}

std::string pack(const std::string& plain, Compression c) {
  StringReader in(plain);
  auto packed = compressing_reader(in, c, 0);
  return drain(*packed);
}

std::string unpack(const std::string& packed, Compression c) {
  StringReader in(packed);
  auto plain = decompressing_reader(in, c);
  return drain(*plain);
}

std::string error_of_unpack(const std::string& packed, Compression c) {
  try {
    unpack(packed, c);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Compression, RoundTrips) {
  const std::string plain = sample(3'000'000);
  for (Compression c : {Compression::gzip, Compression::zstd}) {
    std::string packed = pack(plain, c);
    EXPECT_LT(packed.size(), plain.size() / 2);
    EXPECT_EQ(sniff_compression(packed), c);
    std::string back = unpack(packed, c);
    EXPECT_EQ(back.size(), plain.size());
    EXPECT_TRUE(back == plain);
  }
}

TEST(Compression, EmptyInput) {
  for (Compression c : {Compression::gzip, Compression::zstd}) EXPECT_EQ(unpack(pack("", c), c), "");
}

TEST(Compression, ConcatenatedGzipMembersAreOneStream) {
  const std::string a = sample(100'000), b = "second member\n";
  EXPECT_TRUE(unpack(pack(a, Compression::gzip) + pack(b, Compression::gzip), Compression::gzip) == a + b);
}

TEST(Compression, TruncatedGzipFails) {
  std::string packed = pack(sample(500'000), Compression::gzip);
  EXPECT_EQ(error_of_unpack(packed.substr(0, packed.size() - 5), Compression::gzip),
            "gzip stream is truncated");
  EXPECT_EQ(error_of_unpack(packed.substr(0, packed.size() / 2), Compression::gzip),
            "gzip stream is truncated");
}

TEST(Compression, DamagedGzipFails) {
  std::string packed = pack(sample(500'000), Compression::gzip);
  std::string bad_crc = packed;
  bad_crc[bad_crc.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
  EXPECT_NE(error_of_unpack(bad_crc, Compression::gzip).find("gzip data is corrupt"), std::string::npos);
  std::string garbage_after = packed + "not gzip at all";
  EXPECT_NE(error_of_unpack(garbage_after, Compression::gzip).find("gzip data is corrupt"),
            std::string::npos);
}

}  // namespace
}  // namespace ferry
