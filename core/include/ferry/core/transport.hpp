// Host-side RAII wrappers over a plugin's tables: a transport, a parsed image
// reference, an open source and an open destination. Every call checks the
// table's struct_size before touching a member, turns a failed status into a
// ferry::Error carrying the plugin's message, and never lets a plugin
// exception through (the SDK's trampolines guarantee that on their side).
#pragma once

#include <ferry/compression/byte_reader.hpp>
#include <ferry/core/error.hpp>
#include <ferry/core/host_objects.hpp>
#include <ferry/plugin.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry {

// True when `table` is large enough to hold `member` and the member is set.
#define FERRY_TABLE_HAS(table, type, member)                                                         \
  ((table) != nullptr && (table)->struct_size >= offsetof(type, member) + sizeof((table)->member) && \
   (table)->member != nullptr)

class ImageReference;

// One option a transport declares (ferry_option), as the host keeps it.
struct OptionSpec {
  std::string name;
  uint32_t type = FERRY_OPTION_STRING;
  uint32_t scope = 0;
  std::string value_name;
  std::string help;

  bool operator==(const OptionSpec&) const = default;
};

class Transport {
 public:
  Transport(const ferry_transport* t, std::string plugin_name, std::string origin, uint32_t minor);
  const std::string& name() const { return name_; }
  const std::string& plugin_name() const { return plugin_name_; }
  const std::string& origin() const { return origin_; }  // file or "builtin"
  uint32_t abi_minor() const { return minor_; }
  std::string description() const;
  bool can_read() const;
  bool can_write() const;
  const ferry_transport* raw() const { return t_; }

  // The options its table declares (none before ABI minor 1), checked at load.
  const std::vector<OptionSpec>& options() const { return options_; }
  // FERRY_TRANSPORT_* (0 before ABI minor 1).
  uint32_t flags() const;

  ImageReference parse(std::string_view text) const;
  // `ferry login`: whether the transport can check credentials, and the check.
  bool can_check_login() const;
  bool can_list_tags() const;
  void check_login(const std::string& server, const ferry_context& ctx) const;

 private:
  const ferry_transport* t_;
  std::string name_, plugin_name_, origin_;
  uint32_t minor_;
  std::vector<OptionSpec> options_;
};

// What "the image does not exist" (exit 2) means is decided here, once for
// every transport: FERRY_E_NOT_FOUND from looking the named image up (opening
// a source, reading its top-level manifest, deleting it, listing its tags).
// A missing store (no such directory or file) is not that: plugins report it
// as FERRY_E_IO. Anything missing below an image that was found (a blob, an
// instance, a signature) is a damaged image: check_status makes it FERRY_E_IO.

// Throws Error(status, message) when status is not FERRY_OK; `what` says what
// was being done, used when the plugin left no message. NOT_FOUND becomes IO.
void check_status(ferry_status status, const ferry_error& err, std::string_view what);
// The same for the calls that look the image up: NOT_FOUND is kept.
void check_lookup(ferry_status status, const ferry_error& err, std::string_view what);

class ImageReference {
 public:
  ImageReference(const Transport* t, ferry_reference* handle);
  ~ImageReference();
  ImageReference(ImageReference&&) noexcept;
  ImageReference& operator=(ImageReference&&) = delete;

  const Transport& transport() const { return *t_; }
  std::string to_string() const;  // after the colon
  std::string full_name() const;  // "transport:..."
  std::optional<std::string> docker_reference() const;
  std::optional<std::string> policy_scope() const;
  bool can_list_tags() const;
  std::vector<std::string> list_tags(const ferry_context& ctx) const;
  void delete_image(const ferry_context& ctx) const;
  const ferry_reference* raw() const { return h_; }

 private:
  const Transport* t_;
  ferry_reference* h_;
};

struct RawManifest {
  std::string bytes;
  std::string mime;  // as the source declared it; may be empty
};

// A layer as a source serves it in place of the manifest's.
struct LayerForCopy {
  std::string digest;
  int64_t size = -1;
  std::string media_type;
};

class ImageSource {
 public:
  ImageSource(const ImageReference& ref, const ferry_context& ctx);
  ~ImageSource();
  ImageSource(const ImageSource&) = delete;
  ImageSource& operator=(const ImageSource&) = delete;

  bool concurrent_blobs() const;
  RawManifest manifest(const std::optional<std::string>& instance = std::nullopt);
  // A reader over the blob's bytes as the plugin delivers them (unverified).
  std::unique_ptr<ByteReader> blob(const std::string& digest, int64_t size, const std::string& media_type,
                                   int64_t* actual_size = nullptr);
  std::vector<std::string> signatures(const std::optional<std::string>& instance);
  // The layers get_blob serves when they are not the manifest's own (see
  // ferry_source_methods.layers_for_copy); nullopt when they are.
  std::optional<std::vector<LayerForCopy>> layers_for_copy(const std::optional<std::string>& instance);
  const ImageReference& reference() const { return ref_; }

 private:
  const ImageReference& ref_;
  const ferry_source_methods* m_;
  ferry_source* h_ = nullptr;
};

class ImageDestination {
 public:
  ImageDestination(const ImageReference& ref, const ferry_context& ctx);
  // Closing without commit() aborts: the plugin discards what it wrote.
  ~ImageDestination();
  ImageDestination(const ImageDestination&) = delete;
  ImageDestination& operator=(const ImageDestination&) = delete;

  // FERRY_DEST_* of this open destination: its own answer where it gives one
  // (its options may change them), else its table's.
  uint32_t flags() const { return flags_; }
  std::vector<std::string> supported_manifest_types();  // empty: any
  bool has_blob(const std::string& digest, int64_t size, const std::string& media_type);
  // Streams `data` into the destination. The reader's own failure (digest
  // mismatch, I/O) is reported in preference to the plugin's echo of it.
  void put_blob(const std::string& digest, int64_t size, const std::string& media_type, bool is_config,
                ByteReader& data, std::string* written_digest = nullptr);
  // Returns false when the destination answered FERRY_E_MANIFEST_REJECTED.
  bool put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime);
  bool supports_signatures() const;
  void put_signature(const std::optional<std::string>& instance, uint32_t index, std::string_view bytes);
  void commit();
  const ImageReference& reference() const { return ref_; }

 private:
  const ImageReference& ref_;
  const ferry_destination_methods* m_;
  ferry_destination* h_ = nullptr;
  uint32_t flags_ = 0;
};

}  // namespace ferry
