// Writing one image into an OCI layout (created if missing; other images in it
// are kept). Blobs and manifests go to blobs/ as they arrive; index.json is
// replaced atomically at commit, so until then no reader sees the new image.
#pragma once

#include "ferry/oci_layout/blob_store.hpp"
#include "ferry/oci_layout/layout.hpp"
#include "ferry/oci_layout/live_writers.hpp"

#include <ferry/plugin.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::oci_layout {

class LayoutWriter : public sdk::Destination {
 public:
  // ref_name: the org.opencontainers.image.ref.name to give the image ("" for none).
  LayoutWriter(Layout layout, std::string ref_name, sdk::Context ctx);
  // Without commit: removes the layout directory if this writer created it,
  // unless other writers are at work in it or committed to it meanwhile.
  // Blobs added to an existing layout stay; nothing refers to them.
  ~LayoutWriter() override;

  std::vector<std::string> supported_manifest_types() override;
  bool has_blob(const sdk::BlobInfo& info) override;
  void put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) override;
  void put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                    const std::string& mime) override;
  // With the signatures-as-referrers option: each signature becomes an OCI
  // 1.1 referrer of the manifest it signs (signature_referrers.hpp).
  void put_signature(const std::optional<std::string>& instance, uint32_t index,
                     std::string_view bytes) override;
  void commit() override;
  // --dest-oci-accept-uncompressed-layers: uncompressed layers stay so.
  // Without --dest-signatures-as-referrers the layout takes no signatures.
  uint32_t flags(uint32_t declared) override;

  const Layout& layout() const { return layout_; }

 private:
  void prepare_root();
  // Temporary files of writers that died (killed, crashed) before publishing them.
  void remove_dead_writers_staging();

  Layout layout_;
  BlobStore store_;
  std::string ref_;
  sdk::Context ctx_;
  std::optional<Json> descriptor_;                       // of the top-level manifest, once put
  std::map<std::string, Json> instances_;                // descriptors of the instances put, by digest
  std::vector<std::pair<std::string, Json>> referrers_;  // (signed digest, index.json entry)
  std::optional<std::filesystem::path> created_;         // topmost directory this writer made
  std::optional<WriterPresence> presence_;               // held for the writer's life
  bool committed_ = false;
};

// The manifest MIME types an OCI layout stores, preferred first.
const std::vector<std::string>& layout_manifest_types();

}  // namespace ferry::oci_layout
