// Temporary files that are published whole: what write and write_at put in
// is what the published file holds, across the writeback steps a file to be
// published takes as it grows; nothing is left when one is dropped.
#include <ferry/file_io/temp_file.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using ferry::file_io::TempFile;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST(TempFile, WritesAndWritesAtMakeThePublishedFileAcrossWritebackSteps) {
  const fs::path dir = fresh_dir("temp-file-test");
  std::string want;
  {
    TempFile f(dir, ".tmp-");
    std::string piece(3 << 20, '\0');
    for (int i = 0; i < 7; ++i) {  // 21 MiB: past two writeback steps
      for (size_t k = 0; k < piece.size(); ++k) piece[k] = static_cast<char>((k * 7 + i) % 251);
      f.write(piece.data(), piece.size());
      want += piece;
    }
    f.write_at(5, "HEADER", 6);  // over what was written
    want.replace(5, 6, "HEADER");
    f.write_at(want.size() + 10, "tail", 4);  // past the end: a hole of zeros
    want += std::string(10, '\0') + "tail";
    f.publish(dir / "out");
  }
  EXPECT_EQ(read_all(dir / "out"), want);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

TEST(TempFile, AScratchFileIsGoneWithItsObject) {
  const fs::path dir = fresh_dir("temp-file-scratch");
  fs::path path;
  {
    TempFile f(dir, "spool-", TempFile::Use::scratch);
    std::string bytes(9 << 20, 's');
    f.write(bytes.data(), bytes.size());
    path = f.path();
    EXPECT_EQ(fs::file_size(path), bytes.size());
  }
  EXPECT_FALSE(fs::exists(path));
  fs::remove_all(dir);
}
