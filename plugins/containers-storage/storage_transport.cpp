// The containers-storage: transport plugin: the image store podman, buildah
// and CRI-O share (overlay and vfs drivers).
#include "image_delete.hpp"
#include "storage_destination.hpp"
#include "storage_source.hpp"
#include "store_reference.hpp"
#include "store_settings.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::cstore {
namespace {

class StorageReference final : public sdk::Reference {
 public:
  explicit StorageReference(ImageName name) : name_(std::move(name)) {}

  std::string to_string() const override { return name_.to_string(); }
  std::optional<std::string> docker_reference() const override { return name_.name; }
  // containers/image's "[driver@graphroot]name[:tag][@digest][@id]": the
  // store as resolved (the run root and options do not name images).
  std::optional<std::string> policy_scope() const override {
    const StoreSettings s = resolve_store(name_.store);
    return "[" + std::string(s.driver_name()) + "@" + s.graph_root.string() + "]" + name_.name.value_or("") +
           (name_.id ? "@" + *name_.id : "");
  }
  std::unique_ptr<sdk::Source> open_source(const sdk::Context&) const override {
    return std::make_unique<StorageSource>(store(), name_);
  }
  std::unique_ptr<sdk::Destination> open_destination(const sdk::Context& ctx) const override {
    return std::make_unique<StorageDestination>(store(), name_, ctx);
  }
  void delete_image(const sdk::Context&) const override { cstore::delete_image(store(), name_); }

 private:
  Store store() const { return Store(resolve_store(name_.store)); }
  ImageName name_;
};

}  // namespace

struct StorageTransport {
  static constexpr const char* name = "containers-storage";
  static constexpr const char* description =
      "the image store of podman, buildah and CRI-O ([driver@graphroot+runroot]name[:tag])";
  static constexpr uint32_t source_flags = FERRY_SOURCE_CONCURRENT_GET_BLOB;
  static constexpr uint32_t destination_flags = FERRY_DEST_CONCURRENT_PUT_BLOB;
  static constexpr bool can_read = true;
  static constexpr bool can_write = true;
  static constexpr uint32_t transport_flags = FERRY_TRANSPORT_POLICY_SCOPE_STORE;
  static constexpr bool stores_signatures = true;  // big data of the image, as containers/image keeps them
  static std::unique_ptr<sdk::Reference> parse(std::string_view text) {
    return std::make_unique<StorageReference>(parse_image_name(text));
  }
};

}  // namespace ferry::plugins::cstore

FERRY_DECLARE_PLUGIN("containers-storage", "0.1.0", ferry::plugins::cstore::StorageTransport)
