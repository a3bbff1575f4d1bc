// Plugins that break the rules on purpose; the host must report each clearly
// and keep running. One source file, one behaviour per build (MISBEHAVE_*).
#include <ferry/plugin.hpp>

#include <stdexcept>

#if defined(MISBEHAVE_THROWS)
namespace {

// Written with the SDK: its trampolines must turn these exceptions into errors.
class ThrowingReader : public ferry::sdk::Reader {
 public:
  size_t read(void*, size_t) override { throw std::runtime_error("reader exploded on purpose"); }
};

class ThrowingSource : public ferry::sdk::Source {
 public:
  explicit ThrowingSource(std::string mode) : mode_(std::move(mode)) {}
  ferry::sdk::Manifest get_manifest(const std::optional<std::string>&) override {
    if (mode_ == "manifest") throw std::logic_error("get_manifest exploded on purpose");
    return {
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:78442626d153d0d682cefebec72cf68c56ef035ced1eff4cb24205f7d04f570f","size":109},"layers":[]})",
        "application/vnd.oci.image.manifest.v1+json"};
  }
  std::unique_ptr<ferry::sdk::Reader> get_blob(const ferry::sdk::BlobInfo&, int64_t&) override {
    if (mode_ == "blob") throw 42;  // not even a std::exception
    return std::make_unique<ThrowingReader>();
  }

 private:
  std::string mode_;
};

class ThrowingReference : public ferry::sdk::Reference {
 public:
  explicit ThrowingReference(std::string mode) : mode_(std::move(mode)) {}
  std::string to_string() const override { return mode_; }
  std::unique_ptr<ferry::sdk::Source> open_source(const ferry::sdk::Context&) const override {
    return std::make_unique<ThrowingSource>(mode_);
  }

 private:
  std::string mode_;
};

struct ThrowingTransport {
  static constexpr const char* name = "throws";
  static constexpr const char* description = "throws from every method";
  static constexpr uint32_t source_flags = 0;
  static constexpr uint32_t destination_flags = 0;
  static constexpr bool can_read = true;
  static constexpr bool can_write = false;
  static std::unique_ptr<ferry::sdk::Reference> parse(std::string_view text) {
    if (text == "parse") throw std::runtime_error("parse exploded on purpose");
    return std::make_unique<ThrowingReference>(std::string(text));
  }
};
}  // namespace
FERRY_DECLARE_PLUGIN("throws", "1.0", ThrowingTransport)

#elif defined(MISBEHAVE_ENTRY_THROWS)
// Bypasses the SDK and lets an exception out of the entry point.
extern "C" FERRY_EXPORT ferry_status ferry_plugin_entry_v1(const ferry_host*, const ferry_plugin_info**,
                                                           ferry_error*) {
  throw std::runtime_error("entry exploded");
}

#elif defined(MISBEHAVE_NEWER_MAJOR)
// Built for a future ABI: exports only the v2 entry.
extern "C" FERRY_EXPORT ferry_status ferry_plugin_entry_v2(const ferry_host*, const ferry_plugin_info**,
                                                           ferry_error*) {
  return FERRY_E_ABI;
}

#elif defined(MISBEHAVE_WRONG_MAJOR_INFO)
// Exports the v1 symbol but describes itself as major 7.
extern "C" FERRY_EXPORT ferry_status ferry_plugin_entry_v1(const ferry_host*, const ferry_plugin_info** out,
                                                           ferry_error*) {
  static const ferry_plugin_info info = {sizeof(ferry_plugin_info), 7, 0, "wrong-major", "1.0", 0, nullptr};
  *out = &info;
  return FERRY_OK;
}

#elif defined(MISBEHAVE_BAD_OPTIONS) || defined(MISBEHAVE_NO_GET_BLOB)
// Tables the host must refuse at load: an option of unknown type declared
// twice, or a source table without get_blob. Nothing here is ever called.
namespace {
ferry_status parse(const char*, ferry_reference**, ferry_error*) { return FERRY_E_INTERNAL; }
void close_ref(ferry_reference*) {}
ferry_status to_string(const ferry_reference*, ferry_sink*, ferry_error*) { return FERRY_E_INTERNAL; }
ferry_status open_source(const ferry_reference*, const ferry_context*, ferry_source**, ferry_error*) {
  return FERRY_E_INTERNAL;
}
void close_source(ferry_source*) {}
ferry_status get_manifest(ferry_source*, const char*, ferry_sink*, ferry_sink*, ferry_error*) {
  return FERRY_E_INTERNAL;
}
[[maybe_unused]] ferry_status get_blob(ferry_source*, const ferry_blob_info*, ferry_reader*, int64_t*,
                                       ferry_error*) {
  return FERRY_E_INTERNAL;
}

const ferry_reference_methods reference = {
    sizeof(ferry_reference_methods), parse, close_ref, to_string, nullptr, nullptr, nullptr, nullptr};
#if defined(MISBEHAVE_NO_GET_BLOB)
const ferry_source_methods source = {
    sizeof(ferry_source_methods), 0, open_source, close_source, get_manifest, nullptr, nullptr, nullptr};
const ferry_option* const options = nullptr;
const uint32_t option_count = 0;
#else
const ferry_source_methods source = {
    sizeof(ferry_source_methods), 0, open_source, close_source, get_manifest, get_blob, nullptr, nullptr};
const ferry_option option_table[] = {
    {sizeof(ferry_option), "bad-level", FERRY_OPTION_INT, FERRY_OPTION_SOURCE, "N", "fine"},
    {sizeof(ferry_option), "bad-level", 42, FERRY_OPTION_SOURCE, "N", "unknown type, and a second time"}};
const ferry_option* const options = option_table;
const uint32_t option_count = 2;
#endif
const ferry_transport transport = {sizeof(ferry_transport),
                                   "bad-tables",
                                   "malformed tables",
                                   &reference,
                                   &source,
                                   nullptr,
                                   nullptr,
                                   option_count,
                                   options,
                                   0};
const ferry_transport* const transports[] = {&transport};
const ferry_plugin_info info = {
    sizeof(ferry_plugin_info), FERRY_ABI_MAJOR, FERRY_ABI_MINOR, "bad-tables", "1.0", 1, transports};
}  // namespace

extern "C" FERRY_EXPORT ferry_status ferry_plugin_entry_v1(const ferry_host*, const ferry_plugin_info** out,
                                                           ferry_error*) {
  *out = &info;
  return FERRY_OK;
}
#endif
