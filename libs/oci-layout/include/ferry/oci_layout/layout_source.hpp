// Reading one image of an OCI layout: the index.json entry the reference
// selects, the manifests below it, and its blobs as file streams.
#pragma once

#include "ferry/oci_layout/layout.hpp"

#include <ferry/plugin.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::oci_layout {

class LayoutSource : public sdk::Source {
 public:
  // Reads index.json and selects the entry now, so a missing layout or
  // reference fails at open.
  LayoutSource(Layout layout, const LayoutName& name);

  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override;
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override;
  // Signatures kept as OCI 1.1 referrers (signature_referrers.hpp).
  std::optional<std::string> get_signature(const std::optional<std::string>& instance,
                                           uint32_t index) override;

 private:
  // The manifest blob `d`, checked against its digest (and size when known).
  std::string read_manifest(const Digest& d, int64_t size, const std::string& what);

  Layout layout_;
  Json descriptor_;
  Json referrer_entries_;  // index.json's signature referrers only (the index may be large)
  std::map<std::string, std::vector<std::string>> signatures_;  // by signed digest, read once
};

}  // namespace ferry::oci_layout
