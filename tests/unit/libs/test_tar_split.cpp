// tar-split: tars recorded in chunks of every size and rebuilt byte for byte
// from their unpacked files; the exact lines Go's tar-split writes; hostile
// tar-split files and tars refused with errors that say what is wrong.
#include <ferry/plugin.hpp>
#include <ferry/tar_split/assembler.hpp>
#include <ferry/tar_split/recorder.hpp>

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace ferry::tar_split;

namespace {

// One header block. `gnu` writes GNU's magic instead of POSIX ustar's.
std::string header(const std::string& name, size_t size, char type, const std::string& link = "",
                   bool gnu = false, const std::string& prefix = "") {
  char h[512] = {};
  std::memcpy(h, name.data(), std::min<size_t>(name.size(), 100));
  std::snprintf(h + 100, 8, "%07o", 0644);
  std::snprintf(h + 108, 8, "%07o", 0);
  std::snprintf(h + 116, 8, "%07o", 0);
  std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(size));
  std::snprintf(h + 136, 12, "%011o", 0);
  h[156] = type;
  std::memcpy(h + 157, link.data(), std::min<size_t>(link.size(), 100));
  if (gnu) {
    std::memcpy(h + 257, "ustar  ", 8);
  } else {
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    std::memcpy(h + 345, prefix.data(), std::min<size_t>(prefix.size(), 155));
  }
  std::memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(h + 148, 8, "%06o", sum);
  return std::string(h, sizeof h);
}

std::string padded(std::string data) {
  data.resize((data.size() + 511) / 512 * 512, '\0');
  return data;
}

std::string b64(const std::string& s) {
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string o;
  for (size_t i = 0; i < s.size(); i += 3) {
    unsigned v = unsigned(uint8_t(s[i])) << 16 | (i + 1 < s.size() ? unsigned(uint8_t(s[i + 1])) << 8 : 0) |
                 (i + 2 < s.size() ? uint8_t(s[i + 2]) : 0);
    o += a[v >> 18];
    o += a[(v >> 12) & 63];
    o += i + 1 < s.size() ? a[(v >> 6) & 63] : '=';
    o += i + 2 < s.size() ? a[v & 63] : '=';
  }
  return o;
}

// Go's crc64.ISO one bit at a time, straight from its definition (reflected
// polynomial 0xD800000000000000, initial and final value inverted), as the
// 8 bytes big-endian tar-split stores.
std::string go_crc64_iso(const std::string& data) {
  uint64_t c = ~uint64_t(0);
  for (unsigned char byte : data) {
    c ^= byte;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0xD800000000000000ULL : c >> 1;
  }
  c = ~c;
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, c >>= 8) out[i] = static_cast<char>(c & 0xff);
  return out;
}

std::string entry(const std::string& name, const std::string& data, char type = '0',
                  const std::string& link = "") {
  return header(name, data.size(), type, link) + padded(data);
}

std::string pax_record(const std::string& key, const std::string& value) {
  std::string body = " " + key + "=" + value + "\n";
  size_t len = body.size() + 1;
  while (std::to_string(len).size() + body.size() != len) ++len;
  return std::to_string(len) + body;
}

std::string pax(const std::string& records, char type = 'x') {
  return header("PaxHeaders/x", records.size(), type) + padded(records);
}

std::string gnu_long(const std::string& name, char type = 'L') {
  std::string data = name + '\0';
  return header("././@LongLink", data.size(), type, "", true) + padded(data);
}

const std::string end_blocks(1024, '\0');

std::string gunzip(const fs::path& p) {
  gzFile f = gzopen(p.c_str(), "rb");
  EXPECT_NE(f, nullptr);
  std::string out;
  char buf[65536];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, size_t(n));
  gzclose(f);
  return out;
}

void gzip_to(const fs::path& p, const std::string& text) {
  gzFile f = gzopen(p.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  if (!text.empty()) {
    ASSERT_EQ(gzwrite(f, text.data(), unsigned(text.size())), int(text.size()));
  }
  gzclose(f);
}

void write_file(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ferry::sdk::Error& e) {
    return e.what();
  }
  return "(no error)";
}

class TarSplit : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ferry-tar-split-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    root_ = dir_ / "root";
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Records `tar` fed in chunks of `chunk` bytes into dir_/name.
  fs::path record(const std::string& tar, size_t chunk, const std::string& name = "layer.tar-split.gz") {
    fs::path out = dir_ / name;
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    EXPECT_GE(fd, 0);
    try {
      Recorder r(fd);
      for (size_t i = 0; i < tar.size(); i += chunk) r.feed(tar.data() + i, std::min(chunk, tar.size() - i));
      r.finish();
      EXPECT_EQ(r.bytes_fed(), tar.size());
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
    return out;
  }

  std::string assemble(const fs::path& ts, size_t cap = 65536, AssemblerLimits limits = {}) {
    Assembler a(ts.string(), root_.string(), limits);
    std::string out;
    std::vector<char> buf(cap);
    while (size_t n = a.read(buf.data(), buf.size())) out.append(buf.data(), n);
    return out;
  }

  fs::path dir_, root_;
};

}  // namespace

// The lines Go's tar-split writes for this tar, including the CRC-64 of
// "123456789", whose check value for Go's crc64.ISO is 0xb90956c775a41001.
TEST_F(TarSplit, WritesGoLines) {
  std::string tar = entry("a.txt", "123456789") + entry("d/", "", '5') + end_blocks;
  std::string lines = gunzip(record(tar, 4096));
  std::string h1 = header("a.txt", 9, '0'), h2 = header("d/", 0, '5');
  std::string want =
      "{\"type\":2,\"payload\":\"" + b64(h1) + "\",\"position\":0}\n" +
      "{\"type\":1,\"name\":\"a.txt\",\"size\":9,\"payload\":\"uQlWx3WkEAE=\",\"position\":1}\n" +
      "{\"type\":2,\"payload\":\"" + b64(std::string(503, '\0') + h2) + "\",\"position\":2}\n" +
      "{\"type\":1,\"name\":\"d/\",\"payload\":null,\"position\":3}\n" + "{\"type\":2,\"payload\":\"" +
      b64(end_blocks) + "\",\"position\":4}\n" + "{\"type\":2,\"payload\":\"\",\"position\":5}\n";
  EXPECT_EQ(lines, want);
}

// A file's checksum, fed in uneven pieces across many blocks, is Go's.
TEST_F(TarSplit, FileChecksumIsGosCrc64) {
  ASSERT_EQ(b64(go_crc64_iso("123456789")), "uQlWx3WkEAE=");  // the reference itself
  std::string big(200003, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = char(i * 131 + i / 509);
  std::string lines = gunzip(record(entry("big", big) + end_blocks, 777));
  EXPECT_NE(lines.find("\"name\":\"big\",\"size\":200003,\"payload\":\"" + b64(go_crc64_iso(big)) + "\""),
            std::string::npos)
      << lines;
}

TEST_F(TarSplit, NonUtf8NameIsRaw) {
  std::string tar = entry(std::string("caf\xe9"), "x") + end_blocks;
  std::string lines = gunzip(record(tar, 512));
  EXPECT_NE(lines.find("\"name_raw\":\"Y2Fm6Q==\",\"size\":1"), std::string::npos) << lines;
  EXPECT_EQ(lines.find("\"name\":"), std::string::npos);
}

TEST_F(TarSplit, RoundTripInChunksOfEverySize) {
  std::string big(200000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = char(i * 7 + i / 251);
  std::string long_pax(150, 'p'), long_gnu(130, 'g');
  std::string raw_name("bin/\xff\xfe");
  std::string tar;
  tar += entry("./", "", '5');
  tar += entry("./etc/", "", '5');
  tar += entry("./etc/hello.txt", "hello\n");
  tar += entry("./etc/empty", "");
  tar += entry("./etc/link", "", '2', "hello.txt");
  tar += entry("./etc/hard", "", '1', "./etc/hello.txt");
  tar += entry("./big.bin", big);
  tar +=
      pax(pax_record("path", "./" + long_pax) + pax_record("mtime", "1.5")) + entry("./short", "pax content");
  tar += gnu_long("./" + long_gnu) + header("./trunc", 3, '0', "", true) + padded("gnu");
  tar += gnu_long("./longlink-target", 'K') + entry("./sym2", "", '2', "x");
  tar += pax(pax_record("comment", "global"), 'g');
  tar += header("name.txt", 4, '0', "", false, "pre/fix") + padded("abcd");
  tar += entry(raw_name, "raw");
  tar += end_blocks + std::string(9216, '\0') + "trailing garbage";

  write_file(root_ / "etc/hello.txt", "hello\n");
  write_file(root_ / "etc/empty", "");
  write_file(root_ / "big.bin", big);
  write_file(root_ / long_pax, "pax content");
  write_file(root_ / long_gnu, "gnu");
  write_file(root_ / "pre/fix/name.txt", "abcd");
  write_file(root_ / raw_name, "raw");
  fs::create_symlink("hello.txt", root_ / "etc/link");

  for (size_t chunk : {size_t(1), size_t(7), size_t(513), size_t(65536)}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    fs::path ts = record(tar, chunk);
    std::string back = assemble(ts, chunk);
    ASSERT_EQ(back.size(), tar.size());
    EXPECT_TRUE(back == tar);
  }
  std::string lines = gunzip(dir_ / "layer.tar-split.gz");
  EXPECT_NE(lines.find("\"name\":\"./" + long_pax + "\",\"size\":11"), std::string::npos);
  EXPECT_NE(lines.find("\"name\":\"./" + long_gnu + "\",\"size\":3"), std::string::npos);
  EXPECT_NE(lines.find("\"name\":\"pre/fix/name.txt\",\"size\":4"), std::string::npos);
  EXPECT_NE(lines.find("\"name\":\"PaxHeaders/x\",\"payload\":null"),
            std::string::npos);  // the global header
}

// A caller applying the tar as it streams sees each name (long names
// applied) before its content, and what it throws stops the recording.
TEST_F(TarSplit, EntryHookSeesNamesAndTypesFirst) {
  std::string long_pax(150, 'p');
  std::string tar = entry("./a", "1") + entry("./l", "", '2', "a") +
                    pax(pax_record("path", "./" + long_pax)) + entry("./short", "x") + end_blocks;
  fs::path out = dir_ / "hook.tar-split.gz";
  int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  std::vector<std::string> seen;
  {
    Recorder r(fd);
    r.on_entry([&](std::string_view name, char type) { seen.push_back(std::string(name) + " " + type); });
    r.feed(tar.data(), 512);  // the first header only
    EXPECT_EQ(seen, std::vector<std::string>{"./a 0"});
    r.feed(tar.data() + 512, tar.size() - 512);
    r.finish();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"./a 0", "./l 2", "./" + long_pax + " 0"}));
  {
    Recorder r(fd);
    r.on_entry([](std::string_view name, char) {
      if (name == "./l") throw ferry::sdk::Error(FERRY_E_INVALID_ARGUMENT, "refused");
    });
    EXPECT_THROW(r.feed(tar.data(), tar.size()), ferry::sdk::Error);
  }
  ::close(fd);
}

// File contents from an opener (an ostree commit) instead of a directory,
// with the same size and CRC-64 checks.
TEST_F(TarSplit, FileContentsFromAnOpener) {
  std::string tar = entry("./etc/", "", '5') + entry("./etc/a", "hello\n") + entry("./b", "") + end_blocks;
  fs::path ts = record(tar, 512);
  std::map<std::string, std::string> files{{"./etc/a", "hello\n"}};
  std::vector<std::string> opened;
  auto open = [&](const std::string& name) {
    opened.push_back(name);
    return FileSource{std::make_unique<ferry::sdk::BytesReader>(files.at(name)), files.at(name).size()};
  };
  auto run = [&] {
    Assembler a(ts.string(), open);
    std::string out;
    char buf[100];
    while (size_t n = a.read(buf, sizeof buf)) out.append(buf, n);
    return out;
  };
  EXPECT_TRUE(run() == tar);
  EXPECT_EQ(opened, std::vector<std::string>{"./etc/a"});  // files with content only
  files["./etc/a"] = "hellO\n";
  try {
    run();
    ADD_FAILURE() << "a changed file was not noticed";
  } catch (const ferry::sdk::Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_DIGEST_MISMATCH);
    EXPECT_NE(std::string(e.what()).find("CRC-64"), std::string::npos) << e.what();
  }
  files["./etc/a"] = "hello";
  EXPECT_THROW(run(), ferry::sdk::Error);
}

TEST_F(TarSplit, TarWithoutEndBlocksIsKept) {
  std::string tar = entry("a", "1");
  write_file(root_ / "a", "1");
  EXPECT_EQ(assemble(record(tar, 100)), tar);
}

TEST_F(TarSplit, ChangedFileFailsIntegrity) {
  std::string tar = entry("./etc/hello.txt", "hello\n") + end_blocks;
  fs::path ts = record(tar, 512);
  write_file(root_ / "etc/hello.txt", "HELLO\n");
  std::string e = error_of([&] { assemble(ts); });
  EXPECT_NE(e.find("file integrity checksum failed for ./etc/hello.txt"), std::string::npos) << e;
  EXPECT_NE(e.find("CRC-64"), std::string::npos) << e;
  write_file(root_ / "etc/hello.txt", "hello\n\n");
  e = error_of([&] { assemble(ts); });
  EXPECT_NE(e.find("file integrity checksum failed for ./etc/hello.txt (it has 7 bytes"), std::string::npos)
      << e;
  fs::remove(root_ / "etc/hello.txt");
  e = error_of([&] { assemble(ts); });
  EXPECT_NE(e.find("./etc/hello.txt is missing"), std::string::npos) << e;
}

// A crafted tar-split naming files outside the layer.
TEST_F(TarSplit, NamesOutsideTheRootAreRefused) {
  write_file(dir_ / "secret", "secret");
  fs::create_symlink(dir_, root_ / "out");
  fs::create_symlink(dir_ / "secret", root_ / "leaf");
  // CRC-64 of "secret" does not matter: nothing may be read.
  auto file_line = [](const std::string& name) {
    return "{\"type\":1,\"name\":\"" + name + "\",\"size\":6,\"payload\":\"AAAAAAAAAAA=\",\"position\":0}\n";
  };
  for (std::string name : std::vector<std::string>{"../secret", "a/../../secret",
                                                   "/" + (dir_ / "secret").string(), "out/secret", "leaf"}) {
    SCOPED_TRACE(name);
    gzip_to(dir_ / "bad.gz", file_line(name));
    std::string e = error_of([&] { assemble(dir_ / "bad.gz"); });
    EXPECT_NE(e, "(no error)");
    EXPECT_EQ(e.find("integrity"), std::string::npos) << e;  // never opened, so never checked
  }
  gzip_to(dir_ / "bad.gz", file_line("../secret"));
  EXPECT_NE(error_of([&] { assemble(dir_ / "bad.gz"); }).find("a path with \"..\""), std::string::npos);
  gzip_to(dir_ / "bad.gz", file_line("leaf"));
  EXPECT_NE(error_of([&] { assemble(dir_ / "bad.gz"); }).find("symbolic link"), std::string::npos);
}

TEST_F(TarSplit, HostileTarSplitFilesAreRefused) {
  std::string tar = entry("a", std::string(5000, 'a')) + end_blocks;
  write_file(root_ / "a", std::string(5000, 'a'));
  fs::path ts = record(tar, 512);
  std::string gz;
  {
    std::ifstream in(ts, std::ios::binary);
    gz.assign(std::istreambuf_iterator<char>(in), {});
  }
  write_file(dir_ / "cut.gz", gz.substr(0, gz.size() - 12));
  EXPECT_NE(error_of([&] { assemble(dir_ / "cut.gz"); }).find("is cut short"), std::string::npos);
  write_file(dir_ / "plain.gz", gunzip(ts));
  EXPECT_NE(error_of([&] { assemble(dir_ / "plain.gz"); }).find("not valid gzip"), std::string::npos);

  gzip_to(dir_ / "huge.gz",
          "{\"type\":2,\"payload\":\"" + std::string(10 << 20, 'A') + "\",\"position\":0}\n");
  EXPECT_NE(error_of([&] { assemble(dir_ / "huge.gz"); }).find("has a line longer than 4096 KiB"),
            std::string::npos);

  gzip_to(dir_ / "type.gz", "{\"type\":3,\"payload\":null,\"position\":0}\n");
  EXPECT_NE(error_of([&] { assemble(dir_ / "type.gz"); }).find("\"type\" is neither"), std::string::npos);
  gzip_to(dir_ / "json.gz", "{\"type\":2,\n");
  EXPECT_NE(error_of([&] { assemble(dir_ / "json.gz"); }).find("entry 0 of the tar-split file"),
            std::string::npos);
  gzip_to(dir_ / "pos.gz", "{\"type\":2,\"payload\":\"AA==\",\"position\":5}\n");
  EXPECT_NE(error_of([&] { assemble(dir_ / "pos.gz"); }).find("at position 5"), std::string::npos);
  gzip_to(dir_ / "dup.gz",
          "{\"type\":1,\"name\":\"./a\",\"payload\":null,\"position\":0}\n"
          "{\"type\":1,\"name\":\"a\",\"payload\":null,\"position\":1}\n");
  EXPECT_NE(error_of([&] { assemble(dir_ / "dup.gz"); }).find("names a a second time"), std::string::npos);
  AssemblerLimits few;
  few.max_entries = 2;
  EXPECT_NE(error_of([&] { assemble(ts, 65536, few); }).find("more than 2 entries"), std::string::npos);
  EXPECT_NE(error_of([&] { assemble(dir_ / "absent.gz"); }).find("cannot open the tar-split file"),
            std::string::npos);
}

TEST_F(TarSplit, MalformedTarsAreRefused) {
  auto fails = [&](const std::string& tar) { return error_of([&] { record(tar, 333); }); };
  std::string good = entry("a", "abc");

  std::string bad = good;
  bad[0] = 'b';  // the checksum no longer matches
  EXPECT_NE(fails(bad + end_blocks).find("the header at offset 0 has a bad checksum"), std::string::npos);
  EXPECT_NE(fails(good.substr(0, 700)).find("ends inside the padding after the entry at offset 0"),
            std::string::npos);
  EXPECT_NE(fails(good.substr(0, 513)).find("ends inside the content of a (1 of 3 bytes)"),
            std::string::npos);
  EXPECT_NE(fails(good.substr(0, 300)).find("ends inside the header at offset 0"), std::string::npos);
  EXPECT_NE(fails(good + good.substr(0, 100)).find("ends inside the header at offset 1024"),
            std::string::npos);

  std::string huge_pax = pax(pax_record("path", std::string(1100000, 'n')));
  EXPECT_NE(fails(huge_pax + good + end_blocks).find("holds 1100014 bytes, more than the 1 MiB limit"),
            std::string::npos)
      << fails(huge_pax + good + end_blocks);
  EXPECT_NE(fails(gnu_long(std::string(1 << 21, 'l'))).find("GNU long name header"), std::string::npos);

  // Base-256 size beyond 64 bits.
  std::string h = header("big", 0, '0');
  h[124] = char(0x80);
  for (int i = 125; i < 136; ++i) h[i] = char(0xff);
  std::memset(&h[148], ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(&h[148], 8, "%06o", sum);
  EXPECT_NE(fails(h).find("size too large for 64 bits"), std::string::npos) << fails(h);

  EXPECT_NE(fails(pax("bogus") + good).find("malformed pax record"), std::string::npos);
  EXPECT_NE(fails(pax(pax_record("size", "-1")) + good).find("bad size record"), std::string::npos);
  EXPECT_NE(fails(pax(pax_record("path", "x"))).find("without the entry it describes"), std::string::npos);
  EXPECT_NE(fails(good + good + end_blocks).find("the path a appears twice"), std::string::npos);
  EXPECT_NE(fails(std::string(512, '\0') + good).find("follows a single zero block"), std::string::npos);
  EXPECT_NE(fails(header("s", 0, 'S') + end_blocks).find("sparse"), std::string::npos);

  // A pax size record overrides the header's size field.
  std::string tar = pax(pax_record("size", "5")) + header("p", 0, '0') + padded("12345") + end_blocks;
  write_file(root_ / "p", "12345");
  EXPECT_EQ(assemble(record(tar, 1)), tar);
}
