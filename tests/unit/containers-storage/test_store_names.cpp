// The containers-storage plugin's names for things: references as skopeo
// parses them, big-data file names as containers/storage makes them, and
// record files that name paths they must not.
#include "image_lookup.hpp"
#include "store_records.hpp"
#include "store_reference.hpp"

#include <ferry/plugin.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace ferry::plugins::cstore;
namespace fs = std::filesystem;

TEST(StoreReference, SpecifierAndShortName) {
  ImageName n =
      parse_image_name("[overlay@/var/lib/s+/run/s:overlay.mount_program=/usr/bin/fuse-overlayfs]busybox");
  EXPECT_EQ(n.store.driver, "overlay");
  EXPECT_EQ(n.store.graph_root, "/var/lib/s");
  EXPECT_EQ(n.store.run_root, "/run/s");
  ASSERT_EQ(n.store.options.size(), 1u);
  EXPECT_EQ(n.store.options[0], "overlay.mount_program=/usr/bin/fuse-overlayfs");
  EXPECT_EQ(n.name.value_or(""), "docker.io/library/busybox:latest");
  EXPECT_EQ(n.to_string(),
            "[overlay@/var/lib/s+/run/s:overlay.mount_program=/usr/bin/fuse-overlayfs]docker.io/library/"
            "busybox:latest");
}

TEST(StoreReference, IdsAndDigests) {
  const std::string id(64, 'a');
  ImageName by_id = parse_image_name("@" + id);
  EXPECT_EQ(by_id.id.value_or(""), id);
  EXPECT_FALSE(by_id.name);
  ImageName named_id = parse_image_name("[vfs@/s]localhost/x@" + id);
  EXPECT_EQ(named_id.id.value_or(""), id);
  EXPECT_EQ(named_id.name.value_or(""), "localhost/x:latest");
  const std::string digest = "sha256:" + std::string(64, 'b');
  ImageName by_digest = parse_image_name("localhost/x@" + digest);
  EXPECT_EQ(by_digest.digest.value_or(""), digest);
  EXPECT_EQ(by_digest.name.value_or(""), "localhost/x@" + digest);
  ImageName empty_roots = parse_image_name("[vfs@+/run/s]x");  // storage.conf's graph root
  EXPECT_EQ(empty_roots.store.graph_root, "");
  EXPECT_EQ(empty_roots.store.run_root, "/run/s");
}

TEST(StoreReference, Refusals) {
  for (const char* bad :
       {"[vfs@/s", "[@/s]x", "[vfs@relative]x", "[vfs@/s+relative]x", "[vfs@/s]", "", "[vfs@/s]Upper:1"}) {
    EXPECT_THROW(parse_image_name(bad), ferry::sdk::Error) << bad;
  }
  try {
    parse_image_name(std::string(64, 'c'));
    FAIL() << "a bare image ID was taken for a name";
  } catch (const ferry::sdk::Error& e) {
    EXPECT_NE(std::string(e.what()).find("\"@"), std::string::npos) << e.what();
  }
}

TEST(BigDataNames, AsContainersStorageNamesThem) {
  EXPECT_EQ(big_data_file_name("manifest"), "manifest");
  // From a store skopeo 1.9.3 wrote.
  EXPECT_EQ(
      big_data_file_name("manifest-sha256:c4f7e595b272da9c9dea15cf1e2da58c86a51ddf9c17a404375d6720ae551dee"),
      "=bWFuaWZlc3Qtc2hhMjU2OmM0ZjdlNTk1YjI3MmRhOWM5ZGVhMTVjZjFlMmRhNThjODZhNTFkZGY5YzE3YTQwNDM3NWQ2NzIwYWU1N"
      "TFkZ"
      "WU=");
  EXPECT_EQ(
      big_data_file_name("sha256:6e0507a2ba5bf2d5f928bb38bfe9766bccd5709a0d3ddf016a9d6079aa9face8"),
      "=c2hhMjU2OjZlMDUwN2EyYmE1YmYyZDVmOTI4YmIzOGJmZTk3NjZiY2NkNTcwOWEwZDNkZGYwMTZhOWQ2MDc5YWE5ZmFjZTg=");
  EXPECT_EQ(big_data_file_name("a"), "a");
  EXPECT_EQ(big_data_file_name("ab-"), "=YWIt");
  EXPECT_EQ(big_data_file_name("A"), "=QQ==");
}

class RecordFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ferry-cstore-records-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& text) {
    fs::path p = dir_ / "layers.json";
    std::ofstream(p) << text;
    return p;
  }
  fs::path dir_;
};

TEST_F(RecordFiles, MissingIsEmptyAndUnknownMembersSurvive) {
  EXPECT_TRUE(Records::load(dir_ / "absent.json").all().empty());
  fs::path p = write(R"([{"id":"abc","zeta":1,"alpha":{"x":[1,2]},"flags":{"incomplete":true}}])");
  Records r = Records::load(p);
  ASSERT_EQ(r.all().size(), 1u);
  r.save();
  std::ifstream in(p);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, R"([{"id":"abc","zeta":1,"alpha":{"x":[1,2]},"flags":{"incomplete":true}}])");
}

TEST_F(RecordFiles, DamagedFilesAreRefusedNamingTheFile) {
  for (const char* bad :
       {"{", R"({"id":"x"})", R"([{"noid":1}])", R"([{"id":"../../etc"}])", R"([{"id":".."}])",
        R"([{"id":"a/b"}])", R"([{"id":""}])", R"([{"id":5}])", R"([1])"}) {
    fs::path p = write(bad);
    try {
      Records::load(p);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const ferry::sdk::Error& e) {
      EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
    }
  }
}

TEST_F(RecordFiles, LookupsNeverReachAnotherRepository) {
  fs::path p = dir_ / "images.json";
  const std::string digest = "sha256:" + std::string(64, 'd');
  std::ofstream(p) << R"([{"id":")" << std::string(64, '1') << R"(","digest":")" << digest
                   << R"(","names":["localhost/a:1","localhost/a:2"]},{"id":")" << std::string(64, '2')
                   << R"(","names":["localhost/b:1"]}])";
  Records images = Records::load(p);
  EXPECT_TRUE(find_image(images, parse_image_name("localhost/a:1")).by_name);
  EXPECT_EQ(find_image(images, parse_image_name("localhost/a@" + digest)).image, &images.all()[0]);
  EXPECT_EQ(find_image(images, parse_image_name("localhost/zzz@" + digest)).image, nullptr);
  EXPECT_EQ(find_image(images, parse_image_name("localhost/b@" + std::string(64, '1'))).image, nullptr);
  FoundImage prefix = find_image(images, parse_image_name("2222"));
  EXPECT_EQ(prefix.image, &images.all()[1]);
  EXPECT_FALSE(prefix.by_name);
}
