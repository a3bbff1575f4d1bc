// The docker-save tar writer into a stream (a request body: every entry's size
// comes first) and into a file (a layer's header filled in afterwards): both
// give the same bytes, and a stream refuses what it cannot take back.
#include <ferry/docker_save/tar_file_sink.hpp>
#include <ferry/docker_save/tar_writer.hpp>
#include <ferry/plugin.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace ferry::docker_save;

namespace {

// What a load request's body would carry.
class StringSink : public TarSink {
 public:
  void append(const void* data, size_t n) override { bytes.append(static_cast<const char*>(data), n); }
  void complete() override { completed = true; }
  std::string bytes;
  bool completed = false;
};

// A file sink whose completion keeps a copy of what was written.
class KeptFileSink : public TarFileSink {
 public:
  explicit KeptFileSink(const std::filesystem::path& dir) : TarFileSink(dir, "tar-writer-test-") {}
  void complete() override {
    std::ifstream in(file().path(), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string bytes;
};

const std::string layer(3000, 'L');

}  // namespace

TEST(TarWriter, AStreamGetsTheSameBytesAsAFileWhoseHeaderIsFilledInAfterwards) {
  StringSink stream;
  TarWriter s(stream);
  s.add_file("config.json", "{}");
  s.begin_entry("layer.tar", layer.size());
  s.write(layer.data(), 1000);
  s.write(layer.data() + 1000, layer.size() - 1000);
  s.end_entry();
  s.add_symlink("id/layer.tar", "../layer.tar");
  s.finish();

  KeptFileSink file(std::filesystem::temp_directory_path());
  TarWriter f(file);
  f.add_file("config.json", "{}");
  f.begin_stream();
  f.write(layer.data(), layer.size());
  f.end_stream("layer.tar");
  f.begin_stream();
  f.write("abandoned", 9);
  f.abandon_stream();
  f.add_symlink("id/layer.tar", "../layer.tar");
  f.finish();
  file.complete();

  EXPECT_EQ(stream.bytes.size() % 512, 0u);
  EXPECT_EQ(stream.bytes, file.bytes);
}

TEST(TarWriter, AStreamRefusesEntriesOfUnknownSizeAndWrongCounts) {
  StringSink stream;
  TarWriter w(stream);
  EXPECT_THROW(w.begin_stream(), ferry::sdk::Error);
  w.begin_entry("short.tar", 10);
  w.write("12345", 5);
  EXPECT_THROW(w.end_entry(), ferry::sdk::Error);

  TarWriter v(stream);
  v.begin_entry("long.tar", 4);
  EXPECT_THROW(v.write("12345", 5), ferry::sdk::Error);
}
