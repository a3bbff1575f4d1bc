// The tar index of docker-save archives: entries found in place, symbolic
// links followed inside the archive, and hostile names refused.
#include <ferry/docker_save/tar_index.hpp>
#include <ferry/plugin.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

using namespace ferry::docker_save;

namespace {

// One ustar header followed by its data, padded to 512-byte blocks.
std::string tar_entry(const std::string& name, const std::string& data, char type = '0',
                      const std::string& link = "") {
  char h[512] = {};
  std::snprintf(h, 100, "%s", name.c_str());
  std::snprintf(h + 100, 8, "%07o", 0644);
  std::snprintf(h + 108, 8, "%07o", 0);
  std::snprintf(h + 116, 8, "%07o", 0);
  std::snprintf(h + 124, 12, "%011o", static_cast<unsigned>(data.size()));
  std::snprintf(h + 136, 12, "%011o", 0);
  h[156] = type;
  std::snprintf(h + 157, 100, "%s", link.c_str());
  std::memcpy(h + 257, "ustar", 6);
  std::memcpy(h + 263, "00", 2);
  std::memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(h + 148, 8, "%06o", sum);
  std::string out(h, sizeof h);
  out += data;
  out.resize((out.size() + 511) / 512 * 512, '\0');
  return out;
}

class TarFile {
 public:
  explicit TarFile(const std::string& bytes) {
    fd_ = ::memfd_create("tar", 0);
    EXPECT_EQ(::write(fd_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    size_ = bytes.size();
  }
  ~TarFile() { ::close(fd_); }
  TarIndex index() const { return TarIndex(fd_, size_, "test.tar"); }

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

std::string end_of_archive() { return std::string(1024, '\0'); }

std::string error_of(const std::string& bytes) {
  try {
    TarFile f(bytes);
    f.index();
  } catch (const ferry::sdk::Error& e) {
    return e.what();
  }
  return "";
}

TEST(TarIndex, FindsFilesInPlaceAndFollowsLinksInsideTheArchive) {
  TarFile f(tar_entry("./manifest.json", "[]") + tar_entry("blobs/", "", '5') +
            tar_entry("blobs/a", "hello") + tar_entry("b", "", '2', "blobs/a") + end_of_archive());
  TarIndex idx = f.index();
  const TarEntry* m = idx.find("manifest.json");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->size, 2u);
  EXPECT_EQ(m->offset, 512u);
  const TarEntry* b = idx.find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->size, 5u);
  EXPECT_EQ(idx.find("blobs"), nullptr);  // a directory is no file
  EXPECT_EQ(idx.find("missing"), nullptr);
}

TEST(TarIndex, LinksLeavingTheArchiveOrLoopingAreRefused) {
  // Leaving the archive is refused while indexing; a loop when the link is read.
  EXPECT_NE(error_of(tar_entry("out", "", '2', "../../etc/passwd") + end_of_archive())
                .find("points outside the archive"),
            std::string::npos);
  TarFile f(tar_entry("x", "", '2', "y") + tar_entry("y", "", '2', "x") + end_of_archive());
  TarIndex idx = f.index();
  try {
    idx.find("x");
    FAIL() << "a link loop was followed";
  } catch (const ferry::sdk::Error& e) {
    EXPECT_NE(std::string(e.what()).find("too many levels of symbolic links"), std::string::npos) << e.what();
  }
}

TEST(TarIndex, HostileNamesAndTruncatedDataAreRefusedNamingTheArchive) {
  EXPECT_NE(error_of(tar_entry("../escape", "x") + end_of_archive()).find("test.tar"), std::string::npos);
  EXPECT_NE(error_of(tar_entry("/abs", "x") + end_of_archive()), "");
  std::string truncated = tar_entry("big", std::string(2000, 'x'));
  truncated.resize(1024);
  EXPECT_NE(error_of(truncated), "");
}

TEST(TarIndex, EntryNamesAreCleaned) {
  EXPECT_EQ(clean_entry_name("./a//b/", "t.tar"), "a/b");
  EXPECT_THROW(clean_entry_name("a/../../b", "t.tar"), ferry::sdk::Error);
  EXPECT_THROW(clean_entry_name("/etc", "t.tar"), ferry::sdk::Error);
}

}  // namespace
