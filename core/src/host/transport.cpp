#include <ferry/core/transport.hpp>

#include "host/transport_tables.hpp"

#include <cstring>
#include <sstream>

namespace ferry {
namespace {

const char* status_name(ferry_status s) {
  switch (s) {
    case FERRY_E_NOT_SUPPORTED:
      return "not supported";
    case FERRY_E_NOT_FOUND:
      return "not found";
    case FERRY_E_UNAUTHORIZED:
      return "unauthorized";
    case FERRY_E_MANIFEST_REJECTED:
      return "manifest rejected";
    case FERRY_E_RETRYABLE:
      return "temporary failure";
    case FERRY_E_CANCELLED:
      return "cancelled";
    case FERRY_E_DIGEST_MISMATCH:
      return "digest mismatch";
    case FERRY_E_IO:
      return "I/O error";
    case FERRY_E_INVALID_ARGUMENT:
      return "invalid argument";
    case FERRY_E_ABI:
      return "ABI mismatch";
    default:
      return "internal error";
  }
}

// Adapts a plugin's ferry_reader to the core's ByteReader.
class PluginReader final : public ByteReader {
 public:
  explicit PluginReader(const ferry_reader& r) : r_(r) {}
  ~PluginReader() override {
    if (r_.close) r_.close(r_.self);
  }
  size_t read(void* buf, size_t cap) override {
    ferry_error err;
    size_t got = 0;
    check_status(r_.read(r_.self, buf, cap, &got, &err), err, "reading a blob");
    if (got > cap) fail(FERRY_E_INTERNAL, "plugin reader returned more bytes than asked for");
    return got;
  }

 private:
  ferry_reader r_;
};

// Exposes a ByteReader to a plugin as a ferry_reader; remembers the reader's
// own error so the host can report the real cause.
struct HostReader {
  ByteReader* source;
  std::optional<Error> failure;

  static ferry_status read(void* self, void* buf, size_t cap, size_t* got, ferry_error* err) {
    auto* h = static_cast<HostReader*>(self);
    *got = 0;
    if (h->failure) return h->failure->code();
    try {
      *got = h->source->read(buf, cap);
      return FERRY_OK;
    } catch (const Error& e) {
      h->failure = e;
    } catch (const std::exception& e) {
      h->failure = Error(FERRY_E_INTERNAL, e.what());
    }
    if (err) {
      err->code = h->failure->code();
      err->message = h->failure->what();
    }
    return h->failure->code();
  }
  static void close(void*) {}
  static ferry_status digest(void* self, char* buf, size_t cap, ferry_error* err);
};

}  // namespace

ferry_status HostReader::digest(void* self, char* buf, size_t cap, ferry_error* err) {
  auto* h = static_cast<HostReader*>(self);
  std::string d = h->source->digest();
  if (d.empty()) {
    if (err) *err = ferry_error{FERRY_E_NOT_SUPPORTED, "the blob's digest is not known yet"};
    return FERRY_E_NOT_SUPPORTED;
  }
  if (d.size() + 1 > cap) return FERRY_E_INVALID_ARGUMENT;
  std::memcpy(buf, d.c_str(), d.size() + 1);
  return FERRY_OK;
}

void check_lookup(ferry_status status, const ferry_error& err, std::string_view what) {
  if (status == FERRY_OK) return;
  std::string msg = err.message;
  if (msg.empty()) msg = std::string(what) + ": " + status_name(status);
  throw Error(status, msg);
}

void check_status(ferry_status status, const ferry_error& err, std::string_view what) {
  // A blob, an instance or a file missing under an image that was found is a
  // damaged image, not "no such image": only check_lookup keeps NOT_FOUND.
  check_lookup(status == FERRY_E_NOT_FOUND ? FERRY_E_IO : status, err, what);
}

// ------------------------------------------------------------------ Transport

Transport::Transport(const ferry_transport* t, std::string plugin_name, std::string origin, uint32_t minor)
    : t_(t), name_(t->name), plugin_name_(std::move(plugin_name)), origin_(std::move(origin)), minor_(minor) {
  check_transport_tables(*t, minor, origin_);
  if (minor_ >= 1 && FERRY_TABLE_HAS(t_, ferry_transport, options)) {
    for (uint32_t i = 0; i < t_->option_count; ++i) {
      const ferry_option& o = t_->options[i];
      options_.push_back({o.name, o.type, o.scope, o.value_name ? o.value_name : "", o.help ? o.help : ""});
    }
  }
}

std::string Transport::description() const { return t_->description ? t_->description : ""; }

uint32_t Transport::flags() const {
  if (minor_ < 1 || t_->struct_size < offsetof(ferry_transport, flags) + sizeof(t_->flags)) return 0;
  return t_->flags;
}

bool Transport::can_read() const { return FERRY_TABLE_HAS(t_, ferry_transport, source); }
bool Transport::can_write() const { return FERRY_TABLE_HAS(t_, ferry_transport, destination); }

ImageReference Transport::parse(std::string_view text) const {
  const auto* m = t_->reference;
  if (!FERRY_TABLE_HAS(m, ferry_reference_methods, parse))
    fail(FERRY_E_INTERNAL, "transport " + name_ + " cannot parse references");
  ferry_error err;
  ferry_reference* h = nullptr;
  std::string s(text);
  ferry_status st = m->parse(s.c_str(), &h, &err);
  if (st != FERRY_OK) {
    std::string msg = err.message.empty() ? "invalid reference" : err.message;
    throw Error(st, "Invalid image name \"" + name_ + ":" + s + "\": " + msg);
  }
  if (!h) fail(FERRY_E_INTERNAL, "transport " + name_ + " returned no reference");
  return ImageReference(this, h);
}

bool Transport::can_check_login() const { return FERRY_TABLE_HAS(t_, ferry_transport, check_login); }

void Transport::check_login(const std::string& server, const ferry_context& ctx) const {
  if (!can_check_login())
    fail(FERRY_E_NOT_SUPPORTED, "the " + name_ + " transport does not support logging in");
  ferry_error err;
  check_status(t_->check_login(server.c_str(), &ctx, &err), err, "logging in to " + server);
}

// ------------------------------------------------------------- ImageReference

ImageReference::ImageReference(const Transport* t, ferry_reference* handle) : t_(t), h_(handle) {}
ImageReference::ImageReference(ImageReference&& o) noexcept : t_(o.t_), h_(o.h_) { o.h_ = nullptr; }
ImageReference::~ImageReference() {
  if (h_ && FERRY_TABLE_HAS(t_->raw()->reference, ferry_reference_methods, close))
    t_->raw()->reference->close(h_);
}

std::string ImageReference::to_string() const {
  ferry_error err;
  ferry_sink out;
  check_status(t_->raw()->reference->to_string(h_, &out, &err), err, "formatting a reference");
  return out.data;
}

std::string ImageReference::full_name() const { return t_->name() + ":" + to_string(); }

std::optional<std::string> ImageReference::docker_reference() const {
  const auto* m = t_->raw()->reference;
  if (!FERRY_TABLE_HAS(m, ferry_reference_methods, docker_reference)) return std::nullopt;
  ferry_error err;
  ferry_sink out;
  if (m->docker_reference(h_, &out, &err) != FERRY_OK) return std::nullopt;
  return out.data;
}

std::optional<std::string> ImageReference::policy_scope() const {
  const auto* m = t_->raw()->reference;
  if (!FERRY_TABLE_HAS(m, ferry_reference_methods, policy_scope)) return std::nullopt;
  ferry_error err;
  ferry_sink out;
  // Only "this image has no scope" means the transport's default scope; a
  // failure to work it out must not fall back to a more lenient one.
  const ferry_status st = m->policy_scope(h_, &out, &err);
  if (st == FERRY_E_NOT_FOUND) return std::nullopt;
  check_status(st, err, "working out the policy scope of " + full_name());
  return out.data;
}

bool Transport::can_list_tags() const {
  return FERRY_TABLE_HAS(t_->reference, ferry_reference_methods, list_tags);
}

bool ImageReference::can_list_tags() const { return t_->can_list_tags(); }

std::vector<std::string> ImageReference::list_tags(const ferry_context& ctx) const {
  if (!can_list_tags())
    fail(FERRY_E_NOT_SUPPORTED, "Unsupported transport '" + t_->name() + "' for tag listing");
  ferry_error err;
  ferry_sink out;
  check_lookup(t_->raw()->reference->list_tags(h_, &ctx, &out, &err), err, "listing tags");
  std::vector<std::string> tags;
  std::istringstream in(out.data);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) tags.push_back(line);
  return tags;
}

void ImageReference::delete_image(const ferry_context& ctx) const {
  const auto* m = t_->raw()->reference;
  if (!FERRY_TABLE_HAS(m, ferry_reference_methods, delete_image))
    fail(FERRY_E_NOT_SUPPORTED, "Deleting images is not supported by the " + t_->name() + " transport");
  ferry_error err;
  check_lookup(m->delete_image(h_, &ctx, &err), err, "deleting " + full_name());
}

// ---------------------------------------------------------------- ImageSource

ImageSource::ImageSource(const ImageReference& ref, const ferry_context& ctx)
    : ref_(ref), m_(ref.transport().raw()->source) {
  if (!FERRY_TABLE_HAS(ref.transport().raw(), ferry_transport, source) ||
      !FERRY_TABLE_HAS(m_, ferry_source_methods, open))
    fail(FERRY_E_NOT_SUPPORTED, "The " + ref.transport().name() + " transport cannot be read from");
  ferry_error err;
  check_lookup(m_->open(ref.raw(), &ctx, &h_, &err), err, "opening " + ref.full_name());
  if (!h_) fail(FERRY_E_INTERNAL, "plugin returned no source for " + ref.full_name());
}

ImageSource::~ImageSource() {
  if (h_ && FERRY_TABLE_HAS(m_, ferry_source_methods, close)) m_->close(h_);
}

bool ImageSource::concurrent_blobs() const { return (m_->flags & FERRY_SOURCE_CONCURRENT_GET_BLOB) != 0; }

RawManifest ImageSource::manifest(const std::optional<std::string>& instance) {
  ferry_error err;
  ferry_sink bytes, mime;
  ferry_status st = m_->get_manifest(h_, instance ? instance->c_str() : nullptr, &bytes, &mime, &err);
  // The top-level manifest is part of looking the image up; an instance is not.
  if (instance)
    check_status(st, err, "reading the manifest of " + ref_.full_name());
  else
    check_lookup(st, err, "reading the manifest of " + ref_.full_name());
  return {std::move(bytes.data), std::move(mime.data)};
}

std::unique_ptr<ByteReader> ImageSource::blob(const std::string& digest, int64_t size,
                                              const std::string& media_type, int64_t* actual_size) {
  ferry_blob_info info{sizeof(ferry_blob_info), digest.c_str(), size,
                       media_type.empty() ? nullptr : media_type.c_str()};
  ferry_reader r{};
  int64_t n = -1;
  ferry_error err;
  check_status(m_->get_blob(h_, &info, &r, &n, &err), err, "reading blob " + digest);
  if (!r.read) fail(FERRY_E_INTERNAL, "plugin returned a reader without a read method");
  if (actual_size) *actual_size = n;
  return std::make_unique<PluginReader>(r);
}

std::vector<std::string> ImageSource::signatures(const std::optional<std::string>& instance) {
  std::vector<std::string> sigs;
  if (!FERRY_TABLE_HAS(m_, ferry_source_methods, get_signature)) return sigs;
  for (uint32_t i = 0;; ++i) {
    ferry_error err;
    ferry_sink out;
    ferry_status st = m_->get_signature(h_, instance ? instance->c_str() : nullptr, i, &out, &err);
    if (st == FERRY_E_NOT_FOUND || st == FERRY_E_NOT_SUPPORTED) break;
    check_status(st, err, "reading signatures of " + ref_.full_name());
    sigs.push_back(std::move(out.data));
  }
  return sigs;
}

std::optional<std::vector<LayerForCopy>> ImageSource::layers_for_copy(
    const std::optional<std::string>& instance) {
  if (ref_.transport().abi_minor() < 2 || !FERRY_TABLE_HAS(m_, ferry_source_methods, layers_for_copy))
    return std::nullopt;
  ferry_error err;
  ferry_sink out;
  ferry_status st = m_->layers_for_copy(h_, instance ? instance->c_str() : nullptr, &out, &err);
  if (st == FERRY_E_NOT_FOUND) return std::nullopt;
  check_status(st, err, "reading the layers of " + ref_.full_name());
  std::vector<LayerForCopy> layers;
  std::istringstream lines(out.data);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    LayerForCopy l;
    if (!(fields >> l.digest >> l.size >> l.media_type) || l.size < 0)
      fail(FERRY_E_INTERNAL, "the plugin of " + ref_.transport().name() + " described a layer as \"" + line +
                                 "\"; expected \"DIGEST SIZE MEDIA_TYPE\"");
    layers.push_back(std::move(l));
  }
  return layers;
}

// ----------------------------------------------------------- ImageDestination

ImageDestination::ImageDestination(const ImageReference& ref, const ferry_context& ctx)
    : ref_(ref), m_(ref.transport().raw()->destination) {
  if (!FERRY_TABLE_HAS(ref.transport().raw(), ferry_transport, destination) ||
      !FERRY_TABLE_HAS(m_, ferry_destination_methods, open))
    fail(FERRY_E_NOT_SUPPORTED, "The " + ref.transport().name() + " transport cannot be written to");
  ferry_error err;
  check_status(m_->open(ref.raw(), &ctx, &h_, &err), err, "opening " + ref.full_name());
  if (!h_) fail(FERRY_E_INTERNAL, "plugin returned no destination for " + ref.full_name());
  flags_ = m_->flags;
  if (FERRY_TABLE_HAS(m_, ferry_destination_methods, capabilities))
    check_status(m_->capabilities(h_, &flags_, &err), err, "asking " + ref.full_name() + " what it accepts");
}

ImageDestination::~ImageDestination() {
  if (h_ && FERRY_TABLE_HAS(m_, ferry_destination_methods, close)) m_->close(h_);
}

std::vector<std::string> ImageDestination::supported_manifest_types() {
  std::vector<std::string> types;
  if (!FERRY_TABLE_HAS(m_, ferry_destination_methods, supported_manifest_types)) return types;
  ferry_error err;
  ferry_sink out;
  check_status(m_->supported_manifest_types(h_, &out, &err), err, "asking for manifest types");
  std::istringstream in(out.data);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) types.push_back(line);
  return types;
}

bool ImageDestination::has_blob(const std::string& digest, int64_t size, const std::string& media_type) {
  if (!FERRY_TABLE_HAS(m_, ferry_destination_methods, has_blob)) return false;
  ferry_blob_info info{sizeof(ferry_blob_info), digest.c_str(), size,
                       media_type.empty() ? nullptr : media_type.c_str()};
  int32_t present = 0;
  ferry_error err;
  ferry_status st = m_->has_blob(h_, &info, &present, &err);
  if (st == FERRY_E_NOT_SUPPORTED) return false;
  check_status(st, err, "checking for blob " + digest);
  return present != 0;
}

void ImageDestination::put_blob(const std::string& digest, int64_t size, const std::string& media_type,
                                bool is_config, ByteReader& data, std::string* written_digest) {
  if (!FERRY_TABLE_HAS(m_, ferry_destination_methods, put_blob))
    fail(FERRY_E_NOT_SUPPORTED, "The " + ref_.transport().name() + " transport cannot store blobs");
  ferry_blob_put put{};
  put.struct_size = sizeof put;
  put.info = ferry_blob_info{sizeof(ferry_blob_info), digest.empty() ? nullptr : digest.c_str(), size,
                             media_type.empty() ? nullptr : media_type.c_str()};
  put.flags = is_config ? FERRY_BLOB_IS_CONFIG : 0;
  HostReader hr{&data, std::nullopt};
  ferry_reader r{sizeof(ferry_reader), &hr, &HostReader::read, &HostReader::close, &HostReader::digest};
  ferry_error err;
  ferry_status st = m_->put_blob(h_, &put, &r, &err);
  if (hr.failure) throw *hr.failure;
  check_status(st, err, "writing blob " + (digest.empty() ? std::string("(recompressed)") : digest));
  if (written_digest) *written_digest = digest.empty() ? data.digest() : digest;
}

bool ImageDestination::put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                                    const std::string& mime) {
  ferry_error err;
  ferry_status st = m_->put_manifest(h_, instance ? instance->c_str() : nullptr, bytes.data(), bytes.size(),
                                     mime.c_str(), &err);
  if (st == FERRY_E_MANIFEST_REJECTED) return false;
  check_status(st, err, "writing the manifest to " + ref_.full_name());
  return true;
}

bool ImageDestination::supports_signatures() const {
  return FERRY_TABLE_HAS(m_, ferry_destination_methods, put_signature) &&
         !(flags() & FERRY_DEST_NO_SIGNATURES);
}

void ImageDestination::put_signature(const std::optional<std::string>& instance, uint32_t index,
                                     std::string_view bytes) {
  if (!supports_signatures())
    fail(FERRY_E_NOT_SUPPORTED,
         "Can not copy signatures to " + ref_.full_name() + ": the destination does not support signatures");
  ferry_error err;
  check_status(
      m_->put_signature(h_, instance ? instance->c_str() : nullptr, index, bytes.data(), bytes.size(), &err),
      err, "storing a signature in " + ref_.full_name());
}

void ImageDestination::commit() {
  ferry_error err;
  check_status(m_->commit(h_, &err), err, "committing " + ref_.full_name());
}

}  // namespace ferry
