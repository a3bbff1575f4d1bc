// Layer tars applied to containers-storage layer directories: every entry
// type with its metadata, overlay's whiteout devices and opaque xattr, vfs's
// copy of the parent and deletions, and hostile archives refused without a
// byte written outside the layer. Runs as root (devices, owners, trusted.*).
#include <ferry/layer_unpack/copy_tree.hpp>
#include <ferry/layer_unpack/unpack.hpp>
#include <ferry/plugin.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using namespace ferry::layer_unpack;

namespace {

struct Entry {
  std::string name{};
  char type = '0';
  std::string data{};
  std::string link{};
  unsigned mode = 0644, uid = 0, gid = 0;
  long mtime = 1600000000;
  unsigned major = 0, minor = 0;
  std::vector<std::pair<std::string, std::string>> pax{};
};

std::string pad(std::string s) {
  s.resize((s.size() + 511) / 512 * 512, '\0');
  return s;
}

std::string header(const std::string& name, char type, size_t size, const Entry& e) {
  char h[512] = {};
  std::snprintf(h, 100, "%s", name.c_str());
  std::snprintf(h + 100, 8, "%07o", e.mode);
  std::snprintf(h + 108, 8, "%07o", e.uid);
  std::snprintf(h + 116, 8, "%07o", e.gid);
  std::snprintf(h + 124, 12, "%011o", static_cast<unsigned>(size));
  std::snprintf(h + 136, 12, "%011lo", e.mtime);
  h[156] = type;
  std::snprintf(h + 157, 100, "%s", e.link.c_str());
  std::memcpy(h + 257, "ustar", 6);
  std::memcpy(h + 263, "00", 2);
  std::snprintf(h + 329, 8, "%07o", e.major);
  std::snprintf(h + 337, 8, "%07o", e.minor);
  std::memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(h + 148, 8, "%06o", sum);
  return std::string(h, sizeof h);
}

// "<len> key=value\n", len counting itself.
std::string pax_record(const std::string& key, const std::string& value) {
  size_t body = key.size() + value.size() + 3;
  size_t len = body + std::to_string(body).size();
  if (std::to_string(len).size() != std::to_string(body).size()) ++len;
  return std::to_string(len) + " " + key + "=" + value + "\n";
}

std::string tar(const std::vector<Entry>& entries) {
  std::string out;
  for (const Entry& e : entries) {
    std::vector<std::pair<std::string, std::string>> pax = e.pax;
    if (e.name.size() >= 100) pax.emplace_back("path", e.name);
    if (!pax.empty()) {
      std::string records;
      for (auto& [k, v] : pax) records += pax_record(k, v);
      out += header("PaxHeader", 'x', records.size(), e) + pad(records);
    }
    bool has_data = e.type == '0';
    out += header(e.name.substr(0, 99), e.type, has_data ? e.data.size() : 0, e);
    if (has_data) out += pad(e.data);
  }
  return out + std::string(1024, '\0');
}

// Hands out the bytes in small pieces and remembers how far it was read.
struct Stream {
  std::string bytes;
  size_t at = 0;
  size_t calls_after_end = 0;
  std::function<size_t(void*, size_t)> fn() {
    return [this](void* buf, size_t cap) {
      size_t n = std::min({cap, bytes.size() - at, size_t{700}});
      if (n == 0) ++calls_after_end;
      std::memcpy(buf, bytes.data() + at, n);
      at += n;
      return n;
    };
  }
};

class LayerUnpack : public ::testing::Test {
 public:  // expect_every_type checks two trees with these
  void SetUp() override {
    char tmpl[] = "/tmp/ferry-layer-unpack-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    fs::create_directories(base_ / "root");
    fs::create_directories(base_ / "outside");
    std::ofstream(base_ / "outside" / "file") << "keep";
  }
  void TearDown() override { fs::remove_all(base_); }

  Summary apply(const std::string& bytes, Whiteouts w, const std::string& dir = "root") {
    Stream s{bytes};
    Options o;
    o.whiteouts = w;
    Summary sum = unpack(s.fn(), (base_ / dir).string(), o);
    EXPECT_EQ(s.at, s.bytes.size());
    return sum;
  }

  // The error unpacking gives, "" when none; the sentinel must be intact.
  std::string refused(const std::string& bytes, Whiteouts w = Whiteouts::remove) {
    std::string what;
    try {
      apply(bytes, w);
    } catch (const ferry::sdk::Error& e) {
      what = e.what();
    }
    std::vector<std::string> outside;
    for (auto& p : fs::recursive_directory_iterator(base_ / "outside"))
      outside.push_back(p.path().filename());
    EXPECT_EQ(outside, std::vector<std::string>{"file"});
    std::ifstream in(base_ / "outside" / "file");
    std::string content((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(content, "keep");
    return what;
  }

  struct stat lstat_of(const std::string& rel) {
    struct stat st {};
    EXPECT_EQ(::lstat((base_ / rel).c_str(), &st), 0) << rel;
    return st;
  }
  std::string xattr_of(const std::string& rel, const char* name) {
    char buf[256];
    ssize_t n = ::lgetxattr((base_ / rel).c_str(), name, buf, sizeof buf);
    return n < 0 ? "<none>" : std::string(buf, static_cast<size_t>(n));
  }
  bool exists(const std::string& rel) {
    struct stat st {};
    return ::lstat((base_ / rel).c_str(), &st) == 0;
  }

  fs::path base_;
};

// A version 2 file capability with CAP_NET_BIND_SERVICE permitted and effective.
std::string capability() {
  unsigned char c[20] = {0x01, 0x00, 0x00, 0x02, 0x00, 0x04};
  return std::string(reinterpret_cast<char*>(c), sizeof c);
}

std::vector<Entry> every_type() {
  return {
      {.name = "./", .type = '5', .mode = 0755, .mtime = 1500000000},
      {.name = "etc/", .type = '5', .mode = 0751, .uid = 3, .gid = 4, .mtime = 1500000001},
      {.name = "./etc/passwd",
       .data = "root:x:0:0\n",
       .mode = 0640,
       .uid = 1000,
       .gid = 1001,
       .mtime = 1500000002},
      {.name = "etc/shadow", .data = "secret", .mode = 0600},
      {.name = "bin/tool",
       .data = "ELF",
       .mode = 04755,
       .gid = 50,
       .pax = {{"SCHILY.xattr.security.capability", capability()}, {"SCHILY.xattr.user.note", "hi"}}},
      {.name = "bin/same", .type = '1', .link = "bin/tool", .mode = 04755, .gid = 50},
      {.name = "lib", .type = '2', .link = "usr/lib", .mode = 0777, .mtime = 1500000003},
      {.name = "usr/lib/", .type = '5', .mode = 0755},
      {.name = "lib/via-link", .data = "x"},  // through an in-layer link, as a chroot would
      {.name = "dev/null", .type = '3', .mode = 0666, .major = 1, .minor = 3},
      {.name = "run/fifo", .type = '6', .mode = 0620},
      {.name = "opt/", .type = '5', .mode = 0755},
      {.name = "opt/lower", .data = "l"},
  };
}

void expect_every_type(LayerUnpack& t, const std::string& r) {
  struct stat st = t.lstat_of(r + "/etc");
  EXPECT_EQ(st.st_mode, S_IFDIR | 0751u);
  EXPECT_EQ(st.st_uid, 3u);
  EXPECT_EQ(st.st_gid, 4u);
  EXPECT_EQ(st.st_mtim.tv_sec, 1500000001);  // set after its children were made
  st = t.lstat_of(r + "/etc/passwd");
  EXPECT_EQ(st.st_mode, S_IFREG | 0640u);
  EXPECT_EQ(st.st_uid, 1000u);
  EXPECT_EQ(st.st_gid, 1001u);
  EXPECT_EQ(st.st_size, 11);
  EXPECT_EQ(st.st_mtim.tv_sec, 1500000002);
  st = t.lstat_of(r + "/bin/tool");
  EXPECT_EQ(st.st_mode, S_IFREG | 04755u);  // setuid survives the chown
  EXPECT_EQ(st.st_nlink, 2u);
  EXPECT_EQ(t.lstat_of(r + "/bin/same").st_ino, st.st_ino);
  EXPECT_EQ(t.xattr_of(r + "/bin/tool", "security.capability"), capability());
  EXPECT_EQ(t.xattr_of(r + "/bin/tool", "user.note"), "hi");
  st = t.lstat_of(r + "/lib");
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  EXPECT_EQ(st.st_mtim.tv_sec, 1500000003);
  EXPECT_EQ(fs::read_symlink(t.base_ / r / "lib"), "usr/lib");
  EXPECT_TRUE(t.exists(r + "/usr/lib/via-link"));
  st = t.lstat_of(r + "/dev/null");
  EXPECT_EQ(st.st_mode, S_IFCHR | 0666u);
  EXPECT_EQ(st.st_rdev, ::makedev(1, 3));
  EXPECT_EQ(t.lstat_of(r + "/run/fifo").st_mode, S_IFIFO | 0620u);
  EXPECT_EQ(t.lstat_of(r + "/run").st_mode, S_IFDIR | 0755u);  // made as a missing parent
}

TEST_F(LayerUnpack, EveryEntryTypeWithItsMetadata) {
  Summary s = apply(tar(every_type()), Whiteouts::overlay);
  expect_every_type(*this, "root");
  EXPECT_EQ(s.entries, 13u);
  EXPECT_EQ(s.uids, (std::vector<uint32_t>{0, 3, 1000}));
  EXPECT_EQ(s.gids, (std::vector<uint32_t>{0, 4, 50, 1001}));
}

TEST_F(LayerUnpack, TheRootEntryCountsForVfsOnly) {
  // As containers/storage: overlay's Untar skips "./", vfs's UnpackLayer applies it.
  fs::create_directories(base_ / "vfs");
  std::string t = tar({{.name = "./", .type = '5', .mode = 0750, .uid = 7, .gid = 8, .mtime = 1500000000}});
  apply(t, Whiteouts::remove, "vfs");
  apply(t, Whiteouts::overlay);
  struct stat st = lstat_of("vfs");
  EXPECT_EQ(st.st_mode, S_IFDIR | 0750u);
  EXPECT_EQ(st.st_uid, 7u);
  EXPECT_EQ(st.st_mtim.tv_sec, 1500000000);
  st = lstat_of("root");
  EXPECT_EQ(st.st_mode, S_IFDIR | 0755u);
  EXPECT_EQ(st.st_uid, 0u);
}

TEST_F(LayerUnpack, OverlayRecordsWhiteoutsAsDevicesAndOpaqueXattr) {
  auto entries = every_type();
  entries.push_back({.name = "etc/.wh.gone", .uid = 7, .gid = 8});
  entries.push_back({.name = "opt/.wh..wh..opq"});
  entries.push_back({.name = "new/dir/.wh..wh..opq"});  // parents are made first
  entries.push_back({.name = ".wh..wh.plnk/123", .data = "aufs"});
  Summary s = apply(tar(entries), Whiteouts::overlay);
  struct stat st = lstat_of("root/etc/gone");
  EXPECT_EQ(st.st_mode, S_IFCHR | 0u);
  EXPECT_EQ(st.st_rdev, ::makedev(0, 0));
  EXPECT_EQ(st.st_uid, 7u);
  EXPECT_EQ(st.st_gid, 8u);
  EXPECT_FALSE(exists("root/etc/.wh.gone"));
  EXPECT_EQ(xattr_of("root/opt", "trusted.overlay.opaque"), "y");
  EXPECT_TRUE(exists("root/opt/lower"));  // overlay hides it, not this layer
  EXPECT_FALSE(exists("root/opt/.wh..wh..opq"));
  EXPECT_EQ(xattr_of("root/new/dir", "trusted.overlay.opaque"), "y");
  EXPECT_FALSE(exists("root/.wh..wh.plnk"));
  EXPECT_EQ(s.uids, (std::vector<uint32_t>{0, 3, 7, 1000}));
}

TEST_F(LayerUnpack, OpaqueXattrNameIsAnOption) {
  Stream s{tar({{.name = "d/", .type = '5'}, {.name = "d/.wh..wh..opq"}})};
  Options o;
  o.opaque_xattr = "user.overlay.opaque";
  unpack(s.fn(), (base_ / "root").string(), o);
  EXPECT_EQ(xattr_of("root/d", "user.overlay.opaque"), "y");
  EXPECT_EQ(xattr_of("root/d", "trusted.overlay.opaque"), "<none>");
}

TEST_F(LayerUnpack, OverlayXattrsInTheTarAreNotTrusted) {
  apply(tar({{.name = "d/", .type = '5', .pax = {{"SCHILY.xattr.trusted.overlay.redirect", "/etc"}}}}),
        Whiteouts::overlay);
  EXPECT_EQ(xattr_of("root/d", "trusted.overlay.redirect"), "<none>");
}

TEST_F(LayerUnpack, VfsCopiesTheParentAndAppliesWhiteouts) {
  fs::create_directories(base_ / "parent");
  apply(tar(every_type()), Whiteouts::remove, "parent");
  copy_tree((base_ / "parent").string(), (base_ / "root").string());
  expect_every_type(*this, "root");
  EXPECT_EQ(lstat_of("root/bin/same").st_ino, lstat_of("root/bin/tool").st_ino);
  EXPECT_NE(lstat_of("root/bin/tool").st_ino, lstat_of("parent/bin/tool").st_ino);

  apply(tar({
            {.name = "etc/.wh.passwd"},
            {.name = ".wh.usr"},  // a whole tree
            {.name = "opt/", .type = '5', .mode = 0700},
            {.name = "opt/mine", .data = "m"},
            {.name = "opt/.wh..wh..opq"},
            {.name = "opt/later", .data = "l"},
            {.name = "etc/shadow", .data = "new", .mode = 0600},  // replaces the parent's
        }),
        Whiteouts::remove);
  EXPECT_FALSE(exists("root/etc/passwd"));
  EXPECT_FALSE(exists("root/etc/.wh.passwd"));
  EXPECT_FALSE(exists("root/usr"));
  EXPECT_TRUE(exists("root/lib"));  // the dangling link stays
  EXPECT_FALSE(exists("root/opt/lower"));
  EXPECT_TRUE(exists("root/opt/mine"));
  EXPECT_TRUE(exists("root/opt/later"));
  EXPECT_FALSE(exists("root/opt/.wh..wh..opq"));
  EXPECT_EQ(lstat_of("root/opt").st_mode, S_IFDIR | 0700u);
  EXPECT_EQ(lstat_of("root/etc/shadow").st_size, 3);
  EXPECT_TRUE(exists("parent/etc/passwd"));  // the parent is untouched
  EXPECT_TRUE(exists("parent/opt/lower"));
  EXPECT_EQ(lstat_of("parent/etc/shadow").st_size, 6);
}

TEST_F(LayerUnpack, VfsOpaqueKeepsWhatThisLayerMadeBelowIt) {
  apply(tar({{.name = "a/b/old", .data = "o"}, {.name = "a/c", .data = "c"}}), Whiteouts::remove);
  apply(tar({{.name = "a/b/", .type = '5'}, {.name = "a/b/new", .data = "n"}, {.name = "a/.wh..wh..opq"}}),
        Whiteouts::remove);
  EXPECT_TRUE(exists("root/a/b/new"));
  EXPECT_FALSE(exists("root/a/b/old"));
  EXPECT_FALSE(exists("root/a/c"));
}

TEST_F(LayerUnpack, NamesWithAndWithoutDotSlash) {
  apply(tar({{.name = "./etc/x", .data = "1"},
             {.name = "etc/y", .data = "2"},
             {.name = "etc/", .type = '5'},
             {.name = "etc//z/", .type = '5'},
             {.name = "./etc/./w", .data = "3"}}),
        Whiteouts::overlay);
  EXPECT_TRUE(exists("root/etc/x"));
  EXPECT_TRUE(exists("root/etc/y"));
  EXPECT_TRUE(exists("root/etc/w"));
  EXPECT_TRUE(S_ISDIR(lstat_of("root/etc/z").st_mode));
}

TEST_F(LayerUnpack, ReplacesWhatIsThereButMergesDirectories) {
  apply(tar({{.name = "d/keep", .data = "k"},
             {.name = "f/sub", .data = "s"},
             {.name = "l", .type = '2', .link = "d"},
             {.name = "d/", .type = '5', .mode = 0700},
             {.name = "f", .data = "now a file"},
             {.name = "l", .data = "now a file too"}}),
        Whiteouts::overlay);
  EXPECT_TRUE(exists("root/d/keep"));
  EXPECT_EQ(lstat_of("root/d").st_mode, S_IFDIR | 0700u);
  EXPECT_EQ(lstat_of("root/f").st_mode & S_IFMT, unsigned{S_IFREG});
  EXPECT_EQ(lstat_of("root/l").st_mode & S_IFMT, unsigned{S_IFREG});
}

TEST_F(LayerUnpack, ReadsTheStreamToItsVeryEnd) {
  Stream s{tar({{.name = "a", .data = "x"}}) + std::string(9216, '\0') + "trailing bytes"};
  unpack(s.fn(), (base_ / "root").string(), {});
  EXPECT_EQ(s.at, s.bytes.size());
  EXPECT_EQ(s.calls_after_end, 1u);  // no call after the 0 that ended it
}

TEST_F(LayerUnpack, EmptyLayer) {
  Summary s = apply(std::string(1024, '\0'), Whiteouts::overlay);
  EXPECT_EQ(s.entries, 0u);
  EXPECT_TRUE(s.uids.empty());
}

TEST_F(LayerUnpack, TheCallersReadErrorPassesUnchanged) {
  std::function<size_t(void*, size_t)> bad = [](void*, size_t) -> size_t {
    throw ferry::sdk::Error(FERRY_E_DIGEST_MISMATCH, "digest mismatch");
  };
  try {
    unpack(bad, (base_ / "root").string(), {});
    FAIL();
  } catch (const ferry::sdk::Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_DIGEST_MISMATCH);
  }
}

TEST_F(LayerUnpack, Cancelled) {
  std::atomic<bool> stop{true};
  Stream s{tar({{.name = "a", .data = "x"}})};
  Options o;
  o.cancelled = &stop;
  try {
    unpack(s.fn(), (base_ / "root").string(), o);
    FAIL();
  } catch (const ferry::sdk::Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_CANCELLED);
  }
  EXPECT_FALSE(exists("root/a"));
}

TEST_F(LayerUnpack, NotATar) {
  std::string what = refused(std::string(2048, 'z'));
  EXPECT_NE(what.find("reading the layer tar at its start"), std::string::npos) << what;
}

TEST_F(LayerUnpack, TruncatedData) {
  std::string t = tar({{.name = "big", .data = std::string(5000, 'b')}});
  std::string what = refused(t.substr(0, 2000));
  EXPECT_NE(what.find("\"big\""), std::string::npos) << what;
}

TEST_F(LayerUnpack, HostileNamesAreRefused) {
  std::string out = (base_ / "outside").string();
  struct Case {
    std::vector<Entry> entries;
    std::string message;
  };
  std::vector<Case> cases = {
      {{{.name = "../outside/x", .data = "bad"}}, "layer entry \"../outside/x\": path leaves the layer"},
      {{{.name = "a/../../outside/x", .data = "bad"}}, "path leaves the layer"},
      {{{.name = out + "/x", .data = "bad"}}, "absolute path"},
      {{{.name = "evil", .type = '2', .link = out}, {.name = "evil/x", .data = "bad"}},
       "layer entry \"evil/x\": a parent does not exist"},
      {{{.name = "evil", .type = '2', .link = "../outside"}, {.name = "evil/x", .data = "bad"}},
       "a parent does not exist"},
      {{{.name = "d/", .type = '5'},
        {.name = "d/evil", .type = '2', .link = "../../outside"},
        {.name = "d/evil/file", .data = "bad"}},
       "a parent does not exist"},
      {{{.name = "h", .type = '1', .link = "../outside/file"}}, "hard link target \"../outside/file\""},
      {{{.name = "h", .type = '1', .link = out + "/file"}}, "absolute path"},
      {{{.name = "evil", .type = '2', .link = out}, {.name = "h", .type = '1', .link = "evil/file"}},
       "layer entry \"h\": hard link target \"evil/file\": a parent does not exist"},
      {{{.name = "evil", .type = '2', .link = "../outside"}, {.name = "evil/.wh.file"}},
       "a parent does not exist"},
      {{{.name = "evil", .type = '2', .link = "../outside"}, {.name = "evil/.wh..wh..opq"}},
       "a parent does not exist"},
      {{{.name = ".wh...", .data = ""}}, "the whiteout names no file"},
      {{{.name = "../.wh.outside"}}, "path leaves the layer"},
      {{{.name = std::string(5000, 'a'), .data = "long"}}, "longer than 4096"},
      {{{.name = "x", .type = '2', .link = "y"}, {.name = "x", .type = '7', .data = ""}}, ""},
  };
  for (const Case& c : cases) {
    fs::remove_all(base_ / "root");
    fs::create_directories(base_ / "root");
    std::string what = refused(tar(c.entries));
    if (c.message.empty()) continue;  // only that nothing escaped
    EXPECT_NE(what.find(c.message), std::string::npos) << c.entries.back().name << ": " << what;
  }
}

TEST_F(LayerUnpack, OverlayWhiteoutThroughALinkOutsideIsRefused) {
  std::string what = refused(
      tar({{.name = "evil", .type = '2', .link = (base_ / "outside").string()}, {.name = "evil/.wh.file"}}),
      Whiteouts::overlay);
  EXPECT_NE(what.find("a parent does not exist"), std::string::npos) << what;
}

// Links resolve as in a chroot at the layer's root, as containers/storage
// unpacks: a lower layer's "var/run -> /run" leads to root/run.
TEST_F(LayerUnpack, AbsoluteLinksResolveInsideTheLayer) {
  apply(tar({{.name = "run/", .type = '5'},
             {.name = "var/", .type = '5'},
             {.name = "var/run", .type = '2', .link = "/run"},
             {.name = "var/run/pid", .data = "42"}}),
        Whiteouts::remove);
  EXPECT_TRUE(fs::is_symlink(base_ / "root" / "var" / "run"));
  EXPECT_TRUE(fs::is_regular_file(base_ / "root" / "run" / "pid"));
  EXPECT_FALSE(fs::exists("/run/pid"));
}

// ostree: stores each layer as a plain untar leaves it: the markers are files.
TEST_F(LayerUnpack, KeepWritesWhiteoutMarkersAsFiles) {
  apply(tar({{.name = "etc/", .type = '5'},
             {.name = "etc/.wh.gone", .uid = 7},
             {.name = "opt/.wh..wh..opq"},
             {.name = ".wh..wh.plnk/123", .data = "aufs"}}),
        Whiteouts::keep);
  EXPECT_TRUE(fs::is_regular_file(base_ / "root" / "etc" / ".wh.gone"));
  EXPECT_EQ(lstat_of("root/etc/.wh.gone").st_uid, 7u);
  EXPECT_TRUE(fs::is_regular_file(base_ / "root" / "opt" / ".wh..wh..opq"));
  EXPECT_EQ(xattr_of("root/opt", "trusted.overlay.opaque"), "<none>");
  EXPECT_TRUE(fs::is_regular_file(base_ / "root" / ".wh..wh.plnk" / "123"));
}

TEST_F(LayerUnpack, EscapingLinksAreRefusedWhenAsked) {
  auto layer = tar({{.name = "var/", .type = '5'},
                    {.name = "run/", .type = '5'},
                    {.name = "var/inside", .type = '2', .link = "../run"},
                    {.name = "var/inside/ok", .data = "1"},
                    {.name = "var/run", .type = '2', .link = "/run"},
                    {.name = "var/run/pid", .data = "42"}});
  Stream s{layer};
  Options o;
  o.whiteouts = Whiteouts::keep;
  o.refuse_escaping_links = true;
  std::string what;
  try {
    unpack(s.fn(), (base_ / "root").string(), o);
  } catch (const ferry::sdk::Error& e) {
    what = e.what();
  }
  EXPECT_NE(what.find("var/run/pid"), std::string::npos) << what;
  EXPECT_NE(what.find("leaves the layer"), std::string::npos) << what;
  EXPECT_TRUE(fs::is_regular_file(base_ / "root" / "run" / "ok"));  // a link that stays inside is followed
  EXPECT_FALSE(fs::exists(base_ / "root" / "run" / "pid"));
  EXPECT_FALSE(fs::exists("/run/pid"));
}

TEST_F(LayerUnpack, CopyTreeKeepsLinksAsLinks) {
  fs::create_directories(base_ / "parent");
  fs::create_symlink(base_ / "outside", base_ / "parent" / "out");
  copy_tree((base_ / "parent").string(), (base_ / "root").string());
  EXPECT_EQ(fs::read_symlink(base_ / "root" / "out"), base_ / "outside");
  EXPECT_TRUE(S_ISLNK(lstat_of("root/out").st_mode));
}

}  // namespace
