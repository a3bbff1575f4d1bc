// Where things are in one OCI image layout, and which index.json entry a
// reference selects.
#pragma once

#include <ferry/digest/digest.hpp>
#include "ferry/oci_layout/index_file.hpp"
#include "ferry/oci_layout/layout_name.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace ferry::oci_layout {

inline constexpr const char* ref_name_annotation = "org.opencontainers.image.ref.name";

class Layout {
 public:
  // shared_blob_dir: the --shared-blob-dir option; blobs then live in
  // <shared>/<algo>/<hex> instead of <root>/blobs/<algo>/<hex>.
  Layout(std::filesystem::path root, std::optional<std::filesystem::path> shared_blob_dir);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path index_file() const { return root_ / "index.json"; }
  std::filesystem::path layout_file() const { return root_ / "oci-layout"; }
  std::filesystem::path blob_dir(const std::string& algorithm) const;
  std::filesystem::path blob_path(const Digest& d) const {
    return blob_dir(std::string(d.algorithm_name())) / d.hex();
  }
  bool shares_blobs() const { return shared_.has_value(); }

  // For layouts unpacked from an archive: errors name the archive, not the
  // temporary directory ("index.json in /x.tar").
  void set_label(std::string archive) { label_ = std::move(archive); }
  std::string index_label() const;

  // index.json of an existing layout. Throws FERRY_E_IO naming the directory
  // or the file when the layout or its index is missing.
  Json load_index() const;

  // The index.json entry `name` selects: the entry with its ref name, the
  // entry at its index, or the only entry when it names neither. Throws
  // FERRY_E_NOT_FOUND ("no descriptor found for reference …") when absent.
  Json select(const Json& index, const LayoutName& name) const;

 private:
  std::filesystem::path root_;
  std::optional<std::filesystem::path> shared_;
  std::string label_;
};

// The ref name annotation of an index.json entry, or "" when it has none.
std::string ref_name_of(const Json& descriptor);

}  // namespace ferry::oci_layout
