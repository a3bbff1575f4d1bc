#include "ferry/oci_layout/layout.hpp"

#include "ferry/oci_layout/signature_referrers.hpp"

#include <ferry/media_types.hpp>
#include <ferry/plugin.hpp>

#include <system_error>

namespace ferry::oci_layout {

namespace fs = std::filesystem;

Layout::Layout(fs::path root, std::optional<fs::path> shared_blob_dir)
    : root_(std::move(root)), shared_(std::move(shared_blob_dir)) {}

fs::path Layout::blob_dir(const std::string& algorithm) const {
  return shared_ ? *shared_ / algorithm : root_ / "blobs" / algorithm;
}

std::string Layout::index_label() const {
  return label_.empty() ? index_file().string() : "index.json in " + label_;
}

Json Layout::load_index() const {
  std::error_code ec;
  auto st = fs::status(root_, ec);
  if (!fs::exists(st))
    throw sdk::Error(FERRY_E_IO, "no OCI layout at " + root_.string() + ": the directory does not exist");
  if (!fs::is_directory(st))
    throw sdk::Error(FERRY_E_IO, "no OCI layout at " + root_.string() + ": it is not a directory");
  std::optional<Json> index;
  try {
    index = read_index(index_file());
  } catch (const sdk::Error& e) {
    if (label_.empty()) throw;
    throw sdk::Error(e.code(), label_ + ": " + e.what());  // not the temporary directory's name
  }
  if (!index && !label_.empty())
    throw sdk::Error(FERRY_E_IO, label_ + " is not an OCI archive: it has no index.json");
  if (!index)
    throw sdk::Error(FERRY_E_IO,
                     "no OCI layout at " + root_.string() + ": " + index_file().string() + " does not exist");
  return std::move(*index);  // a big index.json is not copied
}

std::string ref_name_of(const Json& descriptor) {
  auto a = descriptor.find("annotations");
  if (a == descriptor.end() || !a->is_object()) return "";
  auto n = a->find(ref_name_annotation);
  return (n != a->end() && n->is_string()) ? n->get<std::string>() : "";
}

Json Layout::select(const Json& index, const LayoutName& name) const {
  const Json& entries = index["manifests"];
  if (name.index) {
    if (*name.index >= entries.size())
      throw sdk::Error(FERRY_E_NOT_FOUND, "no descriptor found for index @" + std::to_string(*name.index) +
                                              " in " + index_label() + ": it has " +
                                              std::to_string(entries.size()) + " entries");
    return entries[*name.index];
  }
  if (name.ref.empty()) {
    // Signatures kept as referrers are not images to choose from.
    const Json* only = nullptr;
    size_t images = 0;
    for (const auto& e : entries)
      if (!is_signature_referrer(e)) {
        only = &e;
        ++images;
      }
    if (images == 1) return *only;
    if (images == 0)
      throw sdk::Error(FERRY_E_NOT_FOUND, "no descriptor found: " + index_label() + " lists no images");
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, index_label() + " lists " + std::to_string(images) +
                                                   " images; choose one with PATH:REFERENCE or PATH:@INDEX");
  }
  // The types the containers tools accept here; an entry of another type
  // (an artifact, say) is named in the error rather than silently skipped.
  static constexpr std::string_view types[] = {media::oci_manifest, media::oci_index, media::docker_v2s2,
                                               media::docker_list};
  std::string unsupported;
  for (const auto& d : entries) {
    if (ref_name_of(d) != name.ref) continue;
    auto t = d.find("mediaType");
    std::string type = (t != d.end() && t->is_string()) ? t->get<std::string>() : "";
    for (std::string_view known : types)
      if (type == known) return d;
    unsupported += (unsupported.empty() ? "\"" : ", \"") + type + "\"";
  }
  if (!unsupported.empty())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "reference \"" + name.ref +
                                                   "\" matches unsupported manifest MIME types [" +
                                                   unsupported + "] in " + index_label());
  throw sdk::Error(FERRY_E_NOT_FOUND,
                   "no descriptor found for reference \"" + name.ref + "\" in " + index_label());
}

}  // namespace ferry::oci_layout
