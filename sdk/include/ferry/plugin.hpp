// ferry/plugin.hpp — header-only C++ layer for writing ferry transport plugins.
//
// Derive from Reference, Source and Destination (and Reader for blob streams),
// describe the transport in a class with static members, and declare the plugin
// with FERRY_DECLARE_PLUGIN. The macro emits the one entry symbol, the method
// tables and trampolines that turn every exception into a ferry_status: no C++
// type or exception ever crosses the C ABI. (The lines below between BEGIN and
// END are compiled by the test suite, so they stay true.)
//
// BEGIN EXAMPLE
//   struct MyTransport {
//     static constexpr const char* name = "my";
//     static constexpr const char* description = "what it is";
//     static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
//     static constexpr uint32_t destination_flags = 0;
//     static constexpr bool can_read = true;
//     static constexpr bool can_write = false;
//     // Optional: flags of its own (--src-my-depth, --my-depth), read with
//     // ctx.option("my-depth"); stores_signatures, lists_tags, transport_flags
//     // and check_login are optional too.
//     static constexpr ferry_option options[] = {ferry::sdk::option(
//         "my-depth", FERRY_OPTION_INT, FERRY_OPTION_SOURCE | FERRY_OPTION_IMAGE, "N", "how deep")};
//     static std::unique_ptr<ferry::sdk::Reference> parse(std::string_view text);
//   };
//   FERRY_DECLARE_PLUGIN("my", "1.0.0", MyTransport)
// END EXAMPLE
#ifndef FERRY_PLUGIN_HPP
#define FERRY_PLUGIN_HPP

#include <ferry/plugin.h>

#include <algorithm>
#include <concepts>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::sdk {

namespace detail {
inline const ferry_host* g_host = nullptr;
}

// The host table this plugin was loaded by.
inline const ferry_host& host() { return *detail::g_host; }

// An error with a ferry status code; the trampolines hand both to the host.
class Error : public std::runtime_error {
 public:
  Error(ferry_status code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ferry_status code() const noexcept { return code_; }

 private:
  ferry_status code_;
};

inline void log(int32_t level, const std::string& message) {
  if (detail::g_host && detail::g_host->log) detail::g_host->log(level, message.c_str());
}

// Appends bytes to a host sink: how a plugin's answers (manifest bytes, MIME
// types, tag lists, signatures) reach the host, which copies them.
inline void sink_write(ferry_sink* sink, std::string_view bytes) {
  ferry_status st = host().sink_write(sink, bytes.data(), bytes.size());
  if (st != FERRY_OK) throw Error(st, "host could not store output");
}

// A view of the host's per-operation context.
class Context {
 public:
  explicit Context(const ferry_context* ctx) : ctx_(ctx) {}
  std::optional<std::string> option(const char* key) const {
    const char* v = host().option ? host().option(ctx_, key) : nullptr;
    if (!v) return std::nullopt;
    return std::string(v);
  }
  bool flag(const char* key, bool fallback = false) const {
    auto v = option(key);
    if (!v) return fallback;
    return *v == "true" || *v == "1";
  }
  bool cancelled() const { return host().is_cancelled && host().is_cancelled(ctx_) != 0; }
  std::string temp_dir() const {
    const char* d = host().temp_dir ? host().temp_dir(ctx_) : nullptr;
    return d ? d : "/var/tmp";
  }
  // {user, secret} the host has for registry (host[:port][/path]), if any.
  // An identity token is returned with the user "<token>".
  std::optional<std::pair<std::string, std::string>> credentials(const std::string& registry) const;
  // The registry settings JSON documented at ferry_host.registry_config;
  // "{}" when the host offers none.
  std::string registry_config(const std::string& name) const;
  const ferry_context* raw() const { return ctx_; }

 private:
  const ferry_context* ctx_;
};

struct BlobInfo {
  std::string digest;  // empty when not known
  int64_t size = -1;
  std::string media_type;
  bool is_config = false;
};

struct Manifest {
  std::string bytes;
  std::string mime;
};

// A blob stream a plugin produces (Source::get_blob).
class Reader {
 public:
  virtual ~Reader() = default;
  // Up to cap bytes into buf; 0 means end of stream.
  virtual size_t read(void* buf, size_t cap) = 0;
};

// A blob held in memory (a config made on the fly), streamed from its own copy.
class BytesReader final : public Reader {
 public:
  explicit BytesReader(std::string bytes) : bytes_(std::move(bytes)) {}
  size_t read(void* buf, size_t cap) override {
    const size_t n = std::min(cap, bytes_.size() - pos_);
    std::memcpy(buf, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string bytes_;
  size_t pos_ = 0;
};

// A blob stream the host hands a destination (Destination::put_blob).
class BlobStream {
 public:
  explicit BlobStream(ferry_reader* r) : r_(r) {}
  // Up to cap bytes; 0 at end of stream, after the host verified the digest.
  size_t read(void* buf, size_t cap);
  // The digest of everything read; valid after end of stream.
  std::string digest();

 private:
  ferry_reader* r_;
};

class Source {
 public:
  virtual ~Source() = default;
  // instance empty: the image the reference names.
  virtual Manifest get_manifest(const std::optional<std::string>& instance) = 0;
  virtual std::unique_ptr<Reader> get_blob(const BlobInfo& info, int64_t& size) = 0;
  // Signature `index` of the image, or nullopt past the last one.
  virtual std::optional<std::string> get_signature(const std::optional<std::string>& instance,
                                                   uint32_t index) {
    (void)instance;
    (void)index;
    return std::nullopt;
  }
  // The layers get_blob serves in place of the manifest's, when it cannot
  // serve those (ferry_source_methods.layers_for_copy); nullopt: the manifest's.
  virtual std::optional<std::vector<BlobInfo>> layers_for_copy(const std::optional<std::string>& instance) {
    (void)instance;
    return std::nullopt;
  }
};

class Destination {
 public:
  // Destroying a destination that was not committed MUST undo what it wrote.
  virtual ~Destination() = default;
  virtual std::vector<std::string> supported_manifest_types() { return {}; }
  virtual bool has_blob(const BlobInfo& info) {
    (void)info;
    return false;
  }
  virtual void put_blob(const BlobInfo& info, BlobStream& data) = 0;
  virtual void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                            const std::string& mime) = 0;
  virtual void put_signature(const std::optional<std::string>& instance, uint32_t index,
                             std::string_view bytes) {
    (void)instance;
    (void)index;
    (void)bytes;
    throw Error(FERRY_E_NOT_SUPPORTED, "this destination cannot store signatures");
  }
  virtual void commit() = 0;
  // The FERRY_DEST_* flags of this open destination; `declared` are the
  // transport's destination_flags. Override when an option changes them.
  virtual uint32_t flags(uint32_t declared) { return declared; }
};

// One entry of a transport's option table, for
//   static constexpr ferry_option options[] = {sdk::option(...), ...};
// The value reaches the plugin through Context::option(name) / flag(name).
constexpr ferry_option option(const char* name, uint32_t type, uint32_t scope, const char* value_name,
                              const char* help) {
  return ferry_option{sizeof(ferry_option), name, type, scope, value_name, help};
}

class Reference {
 public:
  virtual ~Reference() = default;
  virtual std::string to_string() const = 0;
  virtual std::optional<std::string> docker_reference() const { return std::nullopt; }
  virtual std::optional<std::string> policy_scope() const { return std::nullopt; }
  virtual std::unique_ptr<Source> open_source(const Context& ctx) const {
    (void)ctx;
    throw Error(FERRY_E_NOT_SUPPORTED, "this transport cannot be read");
  }
  virtual std::unique_ptr<Destination> open_destination(const Context& ctx) const {
    (void)ctx;
    throw Error(FERRY_E_NOT_SUPPORTED, "this transport cannot be written");
  }
  virtual void delete_image(const Context& ctx) const {
    (void)ctx;
    throw Error(FERRY_E_NOT_SUPPORTED, "deleting images is not supported by this transport");
  }
  virtual std::vector<std::string> list_tags(const Context& ctx) const {
    (void)ctx;
    throw Error(FERRY_E_NOT_SUPPORTED, "listing tags is not supported by this transport");
  }
};

namespace detail {

// Runs f; turns any exception into a status and a message in err.
template <class F>
ferry_status guarded(ferry_error* err, F&& f) noexcept {
  auto report = [err](ferry_status code, const char* msg) {
    if (g_host && g_host->error_set) g_host->error_set(err, code, msg);
    return code;
  };
  try {
    f();
    return FERRY_OK;
  } catch (const Error& e) {
    return report(e.code(), e.what());
  } catch (const std::bad_alloc&) {
    return report(FERRY_E_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return report(FERRY_E_INTERNAL, e.what());
  } catch (...) {
    return report(FERRY_E_INTERNAL, "unknown exception in plugin");
  }
}

// A host sink owned by the plugin, for host functions that fill one.
class OwnedSink {
 public:
  OwnedSink() : s_(g_host->sink_create()) {
    if (!s_) throw Error(FERRY_E_INTERNAL, "host could not create a sink");
  }
  ~OwnedSink() { g_host->sink_destroy(s_); }
  OwnedSink(const OwnedSink&) = delete;
  OwnedSink& operator=(const OwnedSink&) = delete;
  ferry_sink* get() { return s_; }
  std::string str() const {
    size_t n = 0;
    const char* d = g_host->sink_data(s_, &n);
    return std::string(d ? d : "", n);
  }

 private:
  ferry_sink* s_;
};

inline std::optional<std::string> opt(const char* s) {
  return s ? std::optional<std::string>(s) : std::nullopt;
}

inline BlobInfo to_blob_info(const ferry_blob_info* in) {
  BlobInfo b;
  if (in->digest) b.digest = in->digest;
  b.size = in->size;
  if (in->media_type) b.media_type = in->media_type;
  return b;
}

struct ReaderTrampolines {
  static ferry_status read(void* self, void* buf, size_t cap, size_t* got, ferry_error* err) {
    *got = 0;
    return guarded(err, [&] { *got = static_cast<Reader*>(self)->read(buf, cap); });
  }
  static void close(void* self) { delete static_cast<Reader*>(self); }
  static void fill(ferry_reader* out, std::unique_ptr<Reader> r) {
    std::memset(out, 0, sizeof *out);
    out->struct_size = sizeof *out;
    out->self = r.release();
    out->read = &read;
    out->close = &close;
  }
};

template <class T>
struct Tables {
  static Reference* ref(const ferry_reference* r) {
    return reinterpret_cast<Reference*>(const_cast<ferry_reference*>(r));
  }

  // references
  static ferry_status parse(const char* text, ferry_reference** out, ferry_error* err) {
    return guarded(err, [&] { *out = reinterpret_cast<ferry_reference*>(T::parse(text).release()); });
  }
  static void ref_close(ferry_reference* r) { delete ref(r); }
  // Where NOT_FOUND answers "there is none" (no scope, no more signatures), a
  // NOT_FOUND the plugin's own work raised (a blob a registry lost) is a
  // failure, not the end of a list.
  template <class F>
  static auto not_found_is_failure(F&& f) {
    try {
      return f();
    } catch (const Error& e) {
      if (e.code() == FERRY_E_NOT_FOUND) throw Error(FERRY_E_IO, e.what());
      throw;
    }
  }
  static ferry_status to_string(const ferry_reference* r, ferry_sink* out, ferry_error* err) {
    return guarded(err, [&] { sink_write(out, ref(r)->to_string()); });
  }
  static ferry_status docker_reference(const ferry_reference* r, ferry_sink* out, ferry_error* err) {
    return guarded(err, [&] {
      auto d = ref(r)->docker_reference();
      if (!d) throw Error(FERRY_E_NOT_FOUND, "no docker reference");
      sink_write(out, *d);
    });
  }
  static ferry_status policy_scope(const ferry_reference* r, ferry_sink* out, ferry_error* err) {
    return guarded(err, [&] {
      auto s = not_found_is_failure([&] { return ref(r)->policy_scope(); });
      if (!s) throw Error(FERRY_E_NOT_FOUND, "no policy scope");
      sink_write(out, *s);
    });
  }
  static ferry_status delete_image(const ferry_reference* r, const ferry_context* ctx, ferry_error* err) {
    return guarded(err, [&] { ref(r)->delete_image(Context(ctx)); });
  }
  static ferry_status list_tags(const ferry_reference* r, const ferry_context* ctx, ferry_sink* out,
                                ferry_error* err) {
    return guarded(err, [&] {
      for (const auto& t : ref(r)->list_tags(Context(ctx))) sink_write(out, t + "\n");
    });
  }

  // sources
  static Source* src(ferry_source* s) { return reinterpret_cast<Source*>(s); }
  static ferry_status src_open(const ferry_reference* r, const ferry_context* ctx, ferry_source** out,
                               ferry_error* err) {
    return guarded(
        err, [&] { *out = reinterpret_cast<ferry_source*>(ref(r)->open_source(Context(ctx)).release()); });
  }
  static void src_close(ferry_source* s) { delete src(s); }
  static ferry_status get_manifest(ferry_source* s, const char* instance, ferry_sink* bytes, ferry_sink* mime,
                                   ferry_error* err) {
    return guarded(err, [&] {
      Manifest m = src(s)->get_manifest(opt(instance));
      sink_write(bytes, m.bytes);
      sink_write(mime, m.mime);
    });
  }
  static ferry_status get_blob(ferry_source* s, const ferry_blob_info* info, ferry_reader* reader,
                               int64_t* size, ferry_error* err) {
    return guarded(err, [&] {
      int64_t n = -1;
      auto r = src(s)->get_blob(to_blob_info(info), n);
      *size = n;
      ReaderTrampolines::fill(reader, std::move(r));
    });
  }
  static ferry_status get_signature(ferry_source* s, const char* instance, uint32_t index, ferry_sink* out,
                                    ferry_error* err) {
    return guarded(err, [&] {
      auto sig = not_found_is_failure([&] { return src(s)->get_signature(opt(instance), index); });
      if (!sig) throw Error(FERRY_E_NOT_FOUND, "no such signature");
      sink_write(out, *sig);
    });
  }
  static ferry_status layers_for_copy(ferry_source* s, const char* instance, ferry_sink* out,
                                      ferry_error* err) {
    return guarded(err, [&] {
      auto layers = src(s)->layers_for_copy(opt(instance));
      if (!layers) throw Error(FERRY_E_NOT_FOUND, "the manifest's own layers");
      for (const BlobInfo& l : *layers)
        sink_write(out, l.digest + " " + std::to_string(l.size) + " " + l.media_type + "\n");
    });
  }

  // destinations
  static Destination* dst(ferry_destination* d) { return reinterpret_cast<Destination*>(d); }
  static ferry_status dst_open(const ferry_reference* r, const ferry_context* ctx, ferry_destination** out,
                               ferry_error* err) {
    return guarded(err, [&] {
      *out = reinterpret_cast<ferry_destination*>(ref(r)->open_destination(Context(ctx)).release());
    });
  }
  static void dst_close(ferry_destination* d) { delete dst(d); }
  static ferry_status supported_manifest_types(ferry_destination* d, ferry_sink* out, ferry_error* err) {
    return guarded(err, [&] {
      for (const auto& t : dst(d)->supported_manifest_types()) sink_write(out, t + "\n");
    });
  }
  static ferry_status has_blob(ferry_destination* d, const ferry_blob_info* info, int32_t* present,
                               ferry_error* err) {
    return guarded(err, [&] { *present = dst(d)->has_blob(to_blob_info(info)) ? 1 : 0; });
  }
  static ferry_status put_blob(ferry_destination* d, const ferry_blob_put* blob, ferry_reader* data,
                               ferry_error* err) {
    return guarded(err, [&] {
      BlobInfo info = to_blob_info(&blob->info);
      info.is_config = (blob->flags & FERRY_BLOB_IS_CONFIG) != 0;
      BlobStream stream(data);
      dst(d)->put_blob(info, stream);
    });
  }
  static ferry_status put_manifest(ferry_destination* d, const char* instance, const void* bytes, size_t n,
                                   const char* mime, ferry_error* err) {
    return guarded(err, [&] {
      dst(d)->put_manifest(opt(instance), std::string_view(static_cast<const char*>(bytes), n),
                           mime ? mime : "");
    });
  }
  static ferry_status put_signature(ferry_destination* d, const char* instance, uint32_t index,
                                    const void* bytes, size_t n, ferry_error* err) {
    return guarded(err, [&] {
      dst(d)->put_signature(opt(instance), index, std::string_view(static_cast<const char*>(bytes), n));
    });
  }
  static ferry_status commit(ferry_destination* d, ferry_error* err) {
    return guarded(err, [&] { dst(d)->commit(); });
  }
  static ferry_status capabilities(ferry_destination* d, uint32_t* flags, ferry_error* err) {
    return guarded(err, [&] { *flags = dst(d)->flags(T::destination_flags); });
  }

  // A transport declares options with
  //   static constexpr ferry_option options[] = {sdk::option(...), ...};
  static constexpr uint32_t option_count() {
    if constexpr (requires { T::options; })
      return static_cast<uint32_t>(sizeof(T::options) / sizeof(T::options[0]));
    else
      return 0;
  }
  // ... and FERRY_TRANSPORT_* flags with static constexpr uint32_t transport_flags.
  static constexpr uint32_t transport_flags() {
    if constexpr (requires { T::transport_flags; })
      return T::transport_flags;
    else
      return 0;
  }
  static constexpr const ferry_option* option_table() {
    if constexpr (requires { T::options; })
      return T::options;
    else
      return nullptr;
  }

  // A transport offers `ferry login` by declaring
  //   static void check_login(const std::string& server, const Context& ctx);
  static ferry_status check_login(const char* server, const ferry_context* ctx, ferry_error* err) {
    return guarded(err, [&] {
      if constexpr (requires { T::check_login(std::string(), Context(ctx)); })
        T::check_login(server, Context(ctx));
    });
  }
  // A destination stores signatures only when its transport says so with
  //   static constexpr bool stores_signatures = true;
  // otherwise the slot stays NULL and the host refuses signed copies up front.
  static constexpr auto put_signature_method() {
    if constexpr (requires { T::stores_signatures; }) {
      if constexpr (T::stores_signatures) return &Tables::put_signature;
    }
    return static_cast<ferry_status (*)(ferry_destination*, const char*, uint32_t, const void*, size_t,
                                        ferry_error*)>(nullptr);
  }

  static constexpr auto check_login_method() {
    if constexpr (requires { T::check_login(std::string(), Context(nullptr)); })
      return &Tables::check_login;
    else
      return static_cast<ferry_status (*)(const char*, const ferry_context*, ferry_error*)>(nullptr);
  }

  // A transport lists tags (its Reference overrides list_tags) when it says so with
  //   static constexpr bool lists_tags = true;
  // otherwise the slot stays NULL and `ferry list-tags` names the transports that can.
  static constexpr auto list_tags_method() {
    if constexpr (requires { T::lists_tags; }) {
      if constexpr (T::lists_tags) return &Tables::list_tags;
    }
    return static_cast<ferry_status (*)(const ferry_reference*, const ferry_context*, ferry_sink*,
                                        ferry_error*)>(nullptr);
  }

  static const ferry_transport* transport() {
    static const ferry_reference_methods refs = {sizeof(ferry_reference_methods),
                                                 &parse,
                                                 &ref_close,
                                                 &to_string,
                                                 &docker_reference,
                                                 &policy_scope,
                                                 &delete_image,
                                                 list_tags_method()};
    static const ferry_source_methods sources = {sizeof(ferry_source_methods),
                                                 T::source_flags,
                                                 &src_open,
                                                 &src_close,
                                                 &get_manifest,
                                                 &get_blob,
                                                 &get_signature,
                                                 &layers_for_copy};
    static const ferry_destination_methods destinations = {sizeof(ferry_destination_methods),
                                                           T::destination_flags,
                                                           &dst_open,
                                                           &dst_close,
                                                           &supported_manifest_types,
                                                           &has_blob,
                                                           &put_blob,
                                                           &put_manifest,
                                                           put_signature_method(),
                                                           &commit,
                                                           &capabilities};
    static const ferry_transport t = {sizeof(ferry_transport),
                                      T::name,
                                      T::description,
                                      &refs,
                                      T::can_read ? &sources : nullptr,
                                      T::can_write ? &destinations : nullptr,
                                      check_login_method(),
                                      option_count(),
                                      option_table(),
                                      transport_flags()};
    return &t;
  }
};

// What FERRY_DECLARE_PLUGIN needs of a transport description (see the example
// at the top of this file); a missing member is named in one line.
template <class T>
concept TransportDescription = requires(std::string_view text) {
  { T::name } -> std::convertible_to<const char*>;
  { T::description } -> std::convertible_to<const char*>;
  { T::source_flags } -> std::convertible_to<uint32_t>;
  { T::destination_flags } -> std::convertible_to<uint32_t>;
  { T::can_read } -> std::convertible_to<bool>;
  { T::can_write } -> std::convertible_to<bool>;
  { T::parse(text) } -> std::convertible_to<std::unique_ptr<Reference>>;
};

template <class... Transports>
ferry_status entry(const char* name, const char* version, const ferry_host* h, const ferry_plugin_info** info,
                   ferry_error* err) noexcept {
  static_assert((TransportDescription<Transports> && ...),
                "a transport description lacks a member FERRY_DECLARE_PLUGIN needs: name, "
                "description, source_flags, destination_flags, can_read, can_write or parse");
  if (!h || h->abi_major != FERRY_ABI_MAJOR) return FERRY_E_ABI;
  if (h->abi_minor < FERRY_ABI_MINOR) {
    if (h->error_set)
      h->error_set(err, FERRY_E_ABI, "plugin needs a newer minor of the ferry ABI than the host offers");
    return FERRY_E_ABI;
  }
  g_host = h;
  static const ferry_transport* const list[] = {Tables<Transports>::transport()...};
  static const ferry_plugin_info plugin = {sizeof(ferry_plugin_info),
                                           FERRY_ABI_MAJOR,
                                           FERRY_ABI_MINOR,
                                           name,
                                           version,
                                           static_cast<uint32_t>(sizeof...(Transports)),
                                           list};
  *info = &plugin;
  return FERRY_OK;
}

}  // namespace detail

inline size_t BlobStream::read(void* buf, size_t cap) {
  size_t got = 0;
  ferry_status st = r_->read(r_->self, buf, cap, &got, nullptr);
  if (st != FERRY_OK) throw Error(st, "reading the blob stream failed");
  return got;
}

inline std::optional<std::pair<std::string, std::string>> Context::credentials(
    const std::string& registry) const {
  const ferry_host& h = host();
  if (!h.credentials || !h.sink_create) return std::nullopt;
  detail::OwnedSink user, secret;
  ferry_status st = h.credentials(ctx_, registry.c_str(), user.get(), secret.get(), nullptr);
  if (st == FERRY_E_NOT_FOUND) return std::nullopt;
  if (st != FERRY_OK) throw Error(st, "cannot look up credentials for " + registry);
  return std::make_pair(user.str(), secret.str());
}

inline std::string Context::registry_config(const std::string& name) const {
  const ferry_host& h = host();
  if (!h.registry_config || !h.sink_create) return "{}";
  detail::OwnedSink json;
  ferry_error* no_error = nullptr;
  ferry_status st = h.registry_config(ctx_, name.c_str(), json.get(), no_error);
  if (st == FERRY_E_NOT_FOUND || st == FERRY_E_NOT_SUPPORTED) return "{}";
  if (st != FERRY_OK) throw Error(st, "cannot read the registry configuration for " + name);
  return json.str();
}

inline std::string BlobStream::digest() {
  if (!r_->digest) throw Error(FERRY_E_INTERNAL, "the blob stream does not report its digest");
  char buf[FERRY_DIGEST_MAX] = {0};
  ferry_status st = r_->digest(r_->self, buf, sizeof buf, nullptr);
  if (st != FERRY_OK) throw Error(st, "the blob stream has no digest yet");
  return buf;
}

}  // namespace ferry::sdk

// In a BUILTIN build the plugin is linked into the ferry binary, so its entry
// point gets a name of its own that the host's builtin table refers to.
#ifdef FERRY_BUILTIN_ENTRY
#define FERRY_ENTRY_SYMBOL_ FERRY_BUILTIN_ENTRY
#else
#define FERRY_ENTRY_SYMBOL_ FERRY_PLUGIN_ENTRY
#endif

#define FERRY_DECLARE_PLUGIN(NAME, VERSION, ...)                                     \
  extern "C" FERRY_EXPORT ferry_status FERRY_ENTRY_SYMBOL_(                          \
      const ferry_host* host, const ferry_plugin_info** info, ferry_error* err) {    \
    return ::ferry::sdk::detail::entry<__VA_ARGS__>(NAME, VERSION, host, info, err); \
  }

#endif  // FERRY_PLUGIN_HPP
