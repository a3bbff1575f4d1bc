// The plugin host against real shared objects: mock plugins at several ABI
// minors and with optional methods missing, and plugins that misbehave.
#include <ferry/core/copy_image.hpp>
#include <ferry/core/error.hpp>
#include <ferry/core/plugin_host.hpp>

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace ferry;

namespace {

const fs::path kPlugins = TEST_PLUGIN_DIR;

const char* kMockManifest =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:78442626d153d0d682cefebec72cf68c56ef035ced1eff4cb24205f7d04f570f","size":109},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:7cc308a162e714bd4629fac550c4d1e3a6bb499fd59b8b592de77ecd3882fc90","size":56}]})";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class PluginHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = fs::temp_directory_path() / ("ferry-abi-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(out_);
    fs::create_directories(out_);
  }
  void TearDown() override { fs::remove_all(out_); }

  // Copies `source` of `transport` into out_ through the same transport.
  CopyResult copy(const std::string& transport, const std::string& source, const CopyOptions& o = {}) {
    const Transport& t = host_.transport(transport);
    ImageReference src = t.parse(source);
    ImageReference dst = t.parse(out_.string());
    ferry_context sctx, dctx;
    ImageSource s(src, sctx);
    ImageDestination d(dst, dctx);
    return copy_image(s, d, o);
  }

  ferry_status error_code(const std::function<void()>& f, std::string* message) {
    try {
      f();
    } catch (const Error& e) {
      *message = e.what();
      return e.code();
    }
    return FERRY_OK;
  }

  PluginHost host_;
  fs::path out_;
};

TEST_F(PluginHostTest, CurrentMinorPluginCopiesByteExact) {
  host_.load_library(kPlugins / "mock-current.so");
  const Transport& t = host_.transport("mock");
  EXPECT_EQ(t.abi_minor(), static_cast<uint32_t>(FERRY_ABI_MINOR));
  copy("mock", "good");
  EXPECT_EQ(slurp(out_ / "manifest.json"), kMockManifest);
  EXPECT_EQ(slurp(out_ / "7cc308a162e714bd4629fac550c4d1e3a6bb499fd59b8b592de77ecd3882fc90"),
            "mock layer bytes: not a real tar, the host does not care");
}

// sync's shortcut: a destination that holds these very manifest bytes is
// left alone; anything that would change the bytes copies.
TEST_F(PluginHostTest, ADestinationHoldingTheManifestIsSkipped) {
  host_.load_library(kPlugins / "mock-current.so");
  int asked = 0;
  std::ostringstream report;
  LineProgress lines(report);
  CopyOptions o;
  o.progress = &lines;
  o.destination_manifest = [&]() -> std::optional<std::string> {
    ++asked;
    return std::string(kMockManifest);
  };
  CopyResult r = copy("mock", "good", o);
  EXPECT_TRUE(r.skipped);
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(r.bytes, 0u);
  EXPECT_EQ(r.manifest, kMockManifest);
  EXPECT_NE(report.str().find("Skipping: image already present at destination\n"), std::string::npos);
  EXPECT_FALSE(fs::exists(out_ / "manifest.json")) << "a skipped copy committed";
}

TEST_F(PluginHostTest, OtherBytesOrAConversionAreCopied) {
  host_.load_library(kPlugins / "mock-current.so");
  CopyOptions o;
  o.destination_manifest = [] { return std::optional<std::string>(R"({"schemaVersion":2})"); };
  CopyResult r = copy("mock", "good", o);
  EXPECT_FALSE(r.skipped);
  EXPECT_EQ(r.bytes, 56u + 109u);  // the layer and the config
  EXPECT_EQ(slurp(out_ / "manifest.json"), kMockManifest);

  fs::remove_all(out_);
  fs::create_directories(out_);
  o.destination_manifest = [] { return std::optional<std::string>(kMockManifest); };
  o.compress_format = Compression::gzip;  // would write other layer bytes and another manifest
  r = copy("mock", "good", o);
  EXPECT_FALSE(r.skipped);
  EXPECT_NE(slurp(out_ / "manifest.json"), kMockManifest);

  fs::remove_all(out_);
  fs::create_directories(out_);
  o.compress_format.reset();
  o.destination_manifest = [] { return std::optional<std::string>(); };  // nothing there yet
  EXPECT_FALSE(copy("mock", "good", o).skipped);
  EXPECT_EQ(slurp(out_ / "manifest.json"), kMockManifest);
}

// A source that serves other layers than its manifest names (minor 2's
// layers_for_copy): those are copied, and the manifest written names them.
TEST_F(PluginHostTest, ServedLayersReplaceTheManifestsOwn) {
  host_.load_library(kPlugins / "mock-current.so");
  copy("mock", "served");
  const std::string manifest = slurp(out_ / "manifest.json");
  EXPECT_NE(manifest.find("sha256:df07d0a16af2255ca47de220f210eebf292332758675082c71a63e10992d82a0"),
            std::string::npos)
      << manifest;
  EXPECT_EQ(manifest.find("7cc308a162e714bd4629fac550c4d1e3a6bb499fd59b8b592de77ecd3882fc90"),
            std::string::npos)
      << manifest;
  EXPECT_EQ(slurp(out_ / "df07d0a16af2255ca47de220f210eebf292332758675082c71a63e10992d82a0"),
            "mock layer, as the store serves it");
}

// Plugins are never unloaded: what they handed out outlives the host that
// loaded them. The loader pins them (RTLD_NODELETE), not a handle left on the
// heap, so leak checking stays on for every test binary and ferry itself.
TEST_F(PluginHostTest, PluginStaysLoadedAfterItsHostIsGone) {
  const fs::path library = kPlugins / "mock-future-minor.so";
  {
    PluginHost host;
    EXPECT_THROW(host.load_library(library), Error);  // loaded, then refused: it wants a newer minor
    PluginHost other;
    other.load_library(kPlugins / "mock-minimal.so");
    EXPECT_EQ(other.transport("mock-minimal").name(), "mock-minimal");
  }
  for (const char* name : {"mock-future-minor.so", "mock-minimal.so"}) {
    void* handle = ::dlopen((kPlugins / name).c_str(), RTLD_NOW | RTLD_NOLOAD);
    EXPECT_NE(handle, nullptr) << name << " was unloaded";
    if (handle) ::dlclose(handle);
  }
}

TEST_F(PluginHostTest, OlderPluginWithShortTablesIsNeverCalledPastItsSize) {
  // Its trailing methods abort(): reaching them would end this test binary.
  host_.load_library(kPlugins / "mock-old.so");
  EXPECT_EQ(host_.transport("mock-old").abi_minor(), 0u);
  copy("mock-old", "good");
  EXPECT_EQ(slurp(out_ / "manifest.json"), kMockManifest);
}

TEST_F(PluginHostTest, OptionTableIsReadAndMirroredByTheManifest) {
  host_.load_library(kPlugins / "mock-current.so");
  const Transport& t = host_.transport("mock");
  std::vector<OptionSpec> want = {
      {"mock-level", FERRY_OPTION_INT, FERRY_OPTION_SOURCE | FERRY_OPTION_IMAGE, "N",
       "how hard the mock tries"},
      {"mock-fast", FERRY_OPTION_BOOL, FERRY_OPTION_DESTINATION, "", "skip nothing"}};
  EXPECT_EQ(t.options(), want);
  // The manifest written from the table reads back to the same options.
  std::ofstream(out_ / "mock.plugin") << format_plugin_manifest("mock-current.so", {&t});
  PluginManifest m = read_plugin_manifest(out_ / "mock.plugin");
  EXPECT_EQ(m.transports, std::vector<std::string>{"mock"});
  EXPECT_EQ(m.options["mock"], want);
}

TEST_F(PluginHostTest, MinorZeroPluginLoadsWithoutOptions) {
  host_.load_library(kPlugins / "mock-old.so");
  EXPECT_TRUE(host_.transport("mock-old").options().empty());
  EXPECT_EQ(host_.transport("mock-old").flags(), 0u);
  EXPECT_TRUE(host_.declared_options()["mock-old"].empty());
}

TEST_F(PluginHostTest, ManifestOptionsServeWithoutLoading) {
  std::ofstream(out_ / "lazy.plugin")
      << "abi 1\nlibrary lazy-missing.so\ntransport lazy\n"
         "option lazy lazy-dir string source,destination DIR where the lazy images are\n";
  host_.scan_directory(out_);
  auto declared = host_.declared_options();  // the library does not exist: nothing was loaded
  ASSERT_EQ(declared["lazy"].size(), 1u);
  EXPECT_EQ(declared["lazy"][0].name, "lazy-dir");
  EXPECT_EQ(declared["lazy"][0].scope, FERRY_OPTION_SOURCE | FERRY_OPTION_DESTINATION);
  EXPECT_EQ(declared["lazy"][0].value_name, "DIR");
  EXPECT_EQ(declared["lazy"][0].help, "where the lazy images are");
}

TEST_F(PluginHostTest, ManifestFlagsServeWithoutLoading) {
  // Names this ferry does not know (a newer plugin's) are skipped, not fatal.
  std::ofstream(out_ / "lazy.plugin") << "abi 1\nlibrary lazy-missing.so\ntransport lazy\n"
                                         "flags lazy repository-tags,policy-scope-path,some-future-flag\n";
  host_.scan_directory(out_);
  EXPECT_EQ(host_.declared_flags()["lazy"],
            FERRY_TRANSPORT_REPOSITORY_TAGS | FERRY_TRANSPORT_POLICY_SCOPE_PATH);
}

TEST_F(PluginHostTest, TransportFlagsAreMirroredByTheManifest) {
  static const ferry_reference_methods refs = {
      .struct_size = sizeof(ferry_reference_methods),
      .parse = [](const char*, ferry_reference**, ferry_error*) { return FERRY_E_NOT_SUPPORTED; },
      .close = [](ferry_reference*) {},
      .to_string = [](const ferry_reference*, ferry_sink*, ferry_error*) { return FERRY_E_NOT_SUPPORTED; },
      .docker_reference = nullptr,
      .policy_scope = nullptr,
      .delete_image = nullptr,
      .list_tags = nullptr};
  for (uint32_t flags : {FERRY_TRANSPORT_POLICY_SCOPE_REGISTRY | FERRY_TRANSPORT_REPOSITORY_TAGS,
                         FERRY_TRANSPORT_POLICY_SCOPE_PATH, FERRY_TRANSPORT_POLICY_SCOPE_NONE,
                         FERRY_TRANSPORT_POLICY_SCOPE_NAME_OR_ID, FERRY_TRANSPORT_POLICY_SCOPE_STORE, 0u}) {
    ferry_transport table{};
    table.struct_size = sizeof table;
    table.name = "flagged";
    table.reference = &refs;
    table.flags = flags;
    const Transport t(&table, "flagged", "test", FERRY_ABI_MINOR);
    std::ofstream(out_ / "flagged.plugin") << format_plugin_manifest("flagged.so", {&t});
    PluginManifest m = read_plugin_manifest(out_ / "flagged.plugin");
    EXPECT_EQ(m.flags["flagged"], flags);
  }
}

TEST_F(PluginHostTest, PluginWithoutOptionalMethodsStillCopies) {
  host_.load_library(kPlugins / "mock-minimal.so");
  copy("mock-minimal", "good");
  EXPECT_EQ(slurp(out_ / "manifest.json"), kMockManifest);
}

TEST_F(PluginHostTest, PluginNeedingNewerMinorRefusesWithReason) {
  std::string msg;
  EXPECT_EQ(error_code([&] { host_.load_library(kPlugins / "mock-future-minor.so"); }, &msg), FERRY_E_ABI);
  EXPECT_NE(msg.find("mock-future-minor.so"), std::string::npos) << msg;
  EXPECT_NE(msg.find("needs a newer host"), std::string::npos) << msg;
}

TEST_F(PluginHostTest, ShortReadFailsAndLeavesNothing) {
  host_.load_library(kPlugins / "mock-current.so");
  std::string msg;
  EXPECT_EQ(error_code([&] { copy("mock", "short"); }, &msg), FERRY_E_DIGEST_MISMATCH);
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  EXPECT_TRUE(fs::is_empty(out_)) << "an aborted copy wrote files";
}

TEST_F(PluginHostTest, WrongDigestFailsAndLeavesNothing) {
  host_.load_library(kPlugins / "mock-current.so");
  std::string msg;
  EXPECT_EQ(error_code([&] { copy("mock", "corrupt"); }, &msg), FERRY_E_DIGEST_MISMATCH);
  EXPECT_NE(msg.find("sha256:7cc308a1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("does not match its digest"), std::string::npos) << msg;
  EXPECT_TRUE(fs::is_empty(out_));
}

TEST_F(PluginHostTest, MissingImageIsNotFound) {
  host_.load_library(kPlugins / "mock-current.so");
  std::string msg;
  EXPECT_EQ(error_code([&] { copy("mock", "missing"); }, &msg), FERRY_E_NOT_FOUND);
  EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;
}

// Exit status 2 is for an image that does not exist; a blob missing under an
// image that was found is a damaged image.
TEST_F(PluginHostTest, MissingBlobOfAFoundImageIsAnIoError) {
  host_.load_library(kPlugins / "mock-current.so");
  std::string msg;
  EXPECT_EQ(error_code([&] { copy("mock", "noblob"); }, &msg), FERRY_E_IO);
  EXPECT_NE(msg.find("mock layer file is missing"), std::string::npos) << msg;
  EXPECT_TRUE(fs::is_empty(out_));
}

TEST_F(PluginHostTest, ExceptionsInsideSdkPluginsBecomeErrors) {
  host_.load_library(kPlugins / "bad-throws.so");
  const Transport& t = host_.transport("throws");
  std::string msg;
  EXPECT_EQ(error_code([&] { t.parse("parse"); }, &msg), FERRY_E_INTERNAL);
  EXPECT_NE(msg.find("parse exploded on purpose"), std::string::npos) << msg;

  ImageReference manifest_ref = t.parse("manifest");
  ferry_context ctx;
  ImageSource manifest_src(manifest_ref, ctx);
  EXPECT_EQ(error_code([&] { manifest_src.manifest(); }, &msg), FERRY_E_INTERNAL);
  EXPECT_NE(msg.find("get_manifest exploded"), std::string::npos) << msg;

  ImageReference blob_ref = t.parse("blob");
  ImageSource blob_src(blob_ref, ctx);
  EXPECT_EQ(error_code([&] { blob_src.blob("sha256:" + std::string(64, 'a'), 1, ""); }, &msg),
            FERRY_E_INTERNAL);
  EXPECT_NE(msg.find("unknown exception"), std::string::npos) << msg;

  ImageReference reader_ref = t.parse("reader");
  ImageSource reader_src(reader_ref, ctx);
  auto reader = reader_src.blob("sha256:" + std::string(64, 'a'), 1, "");
  char buf[16];
  EXPECT_EQ(error_code([&] { reader->read(buf, sizeof buf); }, &msg), FERRY_E_INTERNAL);
  EXPECT_NE(msg.find("reader exploded"), std::string::npos) << msg;
}

TEST_F(PluginHostTest, EntryPointThatThrowsIsRefused) {
  std::string msg;
  EXPECT_EQ(error_code([&] { host_.load_library(kPlugins / "bad-entry-throws.so"); }, &msg), FERRY_E_ABI);
  EXPECT_NE(msg.find("threw an exception"), std::string::npos) << msg;
}

TEST_F(PluginHostTest, PluginForNewerMajorNamesFileAndVersions) {
  std::string msg;
  EXPECT_EQ(error_code([&] { host_.load_library(kPlugins / "bad-newer-major.so"); }, &msg), FERRY_E_ABI);
  EXPECT_NE(msg.find("bad-newer-major.so"), std::string::npos) << msg;
  EXPECT_NE(msg.find("ABI 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("ABI " + std::to_string(FERRY_ABI_MAJOR) + "."), std::string::npos) << msg;
}

TEST_F(PluginHostTest, DescriptorWithOtherMajorIsRefused) {
  std::string msg;
  EXPECT_EQ(error_code([&] { host_.load_library(kPlugins / "bad-wrong-major-info.so"); }, &msg), FERRY_E_ABI);
  EXPECT_NE(msg.find("ABI 7.0"), std::string::npos) << msg;
}

TEST_F(PluginHostTest, MalformedTablesAreRefusedAtLoadNamingTheFault) {
  std::string msg;
  EXPECT_EQ(error_code([&] { host_.load_library(kPlugins / "bad-options.so"); }, &msg), FERRY_E_ABI);
  EXPECT_NE(msg.find("bad-options.so"), std::string::npos) << msg;
  EXPECT_NE(msg.find("option 2 (\"bad-level\") has unknown type 42"), std::string::npos) << msg;
  EXPECT_EQ(error_code([&] { host_.load_library(kPlugins / "bad-no-get-blob.so"); }, &msg), FERRY_E_ABI);
  EXPECT_NE(msg.find("source table lacks"), std::string::npos) << msg;
  EXPECT_EQ(error_code([&] { host_.transport("bad-tables"); }, &msg), FERRY_E_INVALID_ARGUMENT) << msg;
}

TEST_F(PluginHostTest, UnknownAndUninstalledTransportsAreDifferentErrors) {
  std::string msg;
  EXPECT_EQ(error_code([&] { host_.transport("nosuch"); }, &msg), FERRY_E_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("unknown transport \"nosuch\""), std::string::npos) << msg;
  EXPECT_EQ(error_code([&] { host_.transport("ostree"); }, &msg), FERRY_E_NOT_SUPPORTED);
  EXPECT_NE(msg.find("not installed"), std::string::npos) << msg;
}

TEST_F(PluginHostTest, AMissingModuleNamesItsFileAndPackage) {
  host_.note_build_choice("sif", BuildChoice::module, "ferry-sif.plugin", "ferry-plugin-sif");
  host_.note_build_choice("tarball", BuildChoice::module, "ferry-tarball.plugin");
  host_.note_build_choice("docker-daemon", BuildChoice::left_out, "FERRY_PLUGIN_DOCKER_DAEMON=OFF");
  std::string msg;
  EXPECT_EQ(error_code([&] { host_.transport("sif"); }, &msg), FERRY_E_NOT_SUPPORTED);
  EXPECT_NE(msg.find("its file ferry-sif.plugin is missing from "), std::string::npos) << msg;
  EXPECT_NE(msg.find("; ferry's Debian packages ship it in ferry-plugin-sif"), std::string::npos) << msg;
  EXPECT_EQ(error_code([&] { host_.transport("tarball"); }, &msg), FERRY_E_NOT_SUPPORTED);
  EXPECT_EQ(msg.find("package"), std::string::npos) << msg;
  EXPECT_EQ(error_code([&] { host_.transport("docker-daemon"); }, &msg), FERRY_E_NOT_SUPPORTED);
  EXPECT_NE(msg.find("built without it (FERRY_PLUGIN_DOCKER_DAEMON=OFF)"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("package"), std::string::npos) << msg;
}

TEST_F(PluginHostTest, ManifestRoutesWithoutLoading) {
  std::ofstream(out_ / "lazy.plugin") << "abi 1\nlibrary lazy-missing.so\ntransport lazy\n";
  host_.scan_directory(out_);
  auto names = host_.installed_transports();
  EXPECT_NE(std::find(names.begin(), names.end(), "lazy"), names.end());
  // Only using the transport loads the library, which here does not exist.
  std::string msg;
  EXPECT_EQ(error_code([&] { host_.transport("lazy"); }, &msg), FERRY_E_ABI);
  EXPECT_NE(msg.find("lazy-missing.so"), std::string::npos) << msg;
  EXPECT_NE(msg.find("lazy.plugin"), std::string::npos) << msg;
}

TEST_F(PluginHostTest, MalformedManifestNamesFileAndLine) {
  std::ofstream(out_ / "bad.plugin") << "abi 1\nlibrary\n";
  std::string msg;
  EXPECT_EQ(error_code([&] { read_plugin_manifest(out_ / "bad.plugin"); }, &msg), FERRY_E_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("bad.plugin line 2"), std::string::npos) << msg;
}

}  // namespace
