// hello: the smallest useful ferry transport plugin. It serves one tiny image
// from memory ("hello:world"), read-only. Build it out of tree against an
// installed SDK; see CMakeLists.txt beside it, or with pkg-config:
//   c++ -std=c++20 -shared -fPIC -fvisibility=hidden $(pkg-config --cflags ferry-sdk) \
//       -Wl,--version-script=$(pkg-config --variable=pluginmap ferry-sdk) \
//       hello_transport.cpp -o ferry-hello.so
//   $(pkg-config --variable=manifesttool ferry-sdk) ferry-hello.so ferry-hello.plugin
// ferry finds a plugin by its manifest (ferry-hello.plugin) beside the .so.
#include <ferry/plugin.hpp>

#include <cstring>

namespace {

using namespace ferry::sdk;

constexpr const char* kConfig =
    R"({"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":[]}})";
constexpr const char* kConfigDigest =
    "sha256:78442626d153d0d682cefebec72cf68c56ef035ced1eff4cb24205f7d04f570f";
constexpr const char* kLayer = "mock layer bytes: not a real tar, the host does not care";
constexpr const char* kLayerDigest =
    "sha256:7cc308a162e714bd4629fac550c4d1e3a6bb499fd59b8b592de77ecd3882fc90";

// Streams a constant string; the host verifies digests, the plugin need not.
class StringReader : public Reader {
 public:
  explicit StringReader(std::string_view s) : s_(s) {}
  size_t read(void* buf, size_t cap) override {
    size_t n = std::min(cap, s_.size() - pos_);
    std::memcpy(buf, s_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// --src-hello-greeting / --hello-greeting, declared in HelloTransport::options.
std::string greeting(const Context& ctx) { return ctx.option("hello-greeting").value_or(""); }

class HelloSource : public Source {
 public:
  explicit HelloSource(std::string greeting) : greeting_(std::move(greeting)) {}
  Manifest get_manifest(const std::optional<std::string>& instance) override {
    if (instance) throw Error(FERRY_E_NOT_FOUND, "hello images are not lists");
    std::string m =
        std::string(R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)") +
        R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" + kConfigDigest +
        R"(","size":109},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":")" +
        kLayerDigest + R"(","size":56}])";
    // The option's value shows in what the plugin serves (no quoting: an example).
    if (!greeting_.empty()) m += R"(,"annotations":{"example.hello.greeting":")" + greeting_ + R"("})";
    return {m + "}", "application/vnd.oci.image.manifest.v1+json"};
  }
  std::unique_ptr<Reader> get_blob(const BlobInfo& info, int64_t& size) override {
    const char* data = info.digest == kConfigDigest  ? kConfig
                       : info.digest == kLayerDigest ? kLayer
                                                     : nullptr;
    if (!data) throw Error(FERRY_E_NOT_FOUND, "hello has no blob " + info.digest);
    size = static_cast<int64_t>(std::strlen(data));
    return std::make_unique<StringReader>(data);
  }

 private:
  std::string greeting_;
};

class HelloReference : public Reference {
 public:
  std::string to_string() const override { return "world"; }
  std::unique_ptr<Source> open_source(const Context& ctx) const override {
    return std::make_unique<HelloSource>(greeting(ctx));
  }
  // Its "repository" has one tag, and one more named by the greeting.
  std::vector<std::string> list_tags(const Context& ctx) const override {
    std::vector<std::string> tags = {"world"};
    if (!greeting(ctx).empty()) tags.push_back(greeting(ctx));
    return tags;
  }
};

struct HelloTransport {
  static constexpr const char* name = "hello";
  static constexpr const char* description = "a tiny built-in image (SDK example)";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags = 0;
  static constexpr bool can_read = true;
  static constexpr bool can_write = false;
  static constexpr bool lists_tags = true;
  static constexpr ferry_option options[] = {
      option("hello-greeting", FERRY_OPTION_STRING, FERRY_OPTION_SOURCE | FERRY_OPTION_IMAGE, "TEXT",
             "a greeting the hello image carries as an annotation and a tag"),
  };
  static std::unique_ptr<Reference> parse(std::string_view text) {
    if (text != "world") throw Error(FERRY_E_INVALID_ARGUMENT, "the only hello image is \"world\"");
    return std::make_unique<HelloReference>();
  }
};

}  // namespace

FERRY_DECLARE_PLUGIN("hello", "1.0.0", HelloTransport)
