#include "ferry/oci_layout/layout_source.hpp"

#include <ferry/file_io/file_reader.hpp>

namespace ferry::oci_layout {

LayoutSource::LayoutSource(Layout layout, const LayoutName& name) : layout_(std::move(layout)) {
  descriptor_ = layout_.select(layout_.load_index(), name);
}

std::string LayoutSource::read_manifest(const Digest& d, int64_t size, const std::string& what) {
  auto path = layout_.blob_path(d);
  auto bytes = file_io::read_small_file(path);
  if (!bytes)
    throw sdk::Error(FERRY_E_NOT_FOUND,
                     what + " " + d.str() + " is missing: " + path.string() + " does not exist");
  // A manifest is trusted by its digest alone; catch a damaged file here
  // rather than let the host act on it.
  Digest actual = Digest::of(*bytes, d.algorithm());
  if (actual != d)
    throw sdk::Error(FERRY_E_DIGEST_MISMATCH, what + " " + path.string() +
                                                  " is corrupt: its content hashes to " + actual.str() +
                                                  ", not " + d.str());
  if (size >= 0 && bytes->size() != static_cast<size_t>(size))
    throw sdk::Error(FERRY_E_DIGEST_MISMATCH, what + " " + path.string() + " has " +
                                                  std::to_string(bytes->size()) + " bytes but " +
                                                  layout_.index_label() + " says " + std::to_string(size));
  return *bytes;
}

sdk::Manifest LayoutSource::get_manifest(const std::optional<std::string>& instance) {
  sdk::Manifest m;
  if (instance) {
    Digest d = Digest::parse(*instance, "the requested instance");
    m.bytes = read_manifest(d, -1, "manifest of instance");
    return m;  // MIME left to the host, which reads it from the bytes
  }
  Digest d = Digest::parse(descriptor_["digest"].get<std::string>(), layout_.index_label());
  int64_t size = -1;
  if (auto s = descriptor_.find("size"); s != descriptor_.end() && s->is_number_integer())
    size = s->get<int64_t>();
  m.bytes = read_manifest(d, size, "manifest");
  if (auto t = descriptor_.find("mediaType"); t != descriptor_.end() && t->is_string())
    m.mime = t->get<std::string>();
  return m;
}

std::unique_ptr<sdk::Reader> LayoutSource::get_blob(const sdk::BlobInfo& info, int64_t& size) {
  if (info.digest.empty())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "a blob of an OCI layout can only be read by digest");
  Digest d = Digest::parse(info.digest, "the requested blob");
  auto reader = std::make_unique<file_io::FileReader>(layout_.blob_path(d), "blob " + d.str());
  size = reader->size();
  return reader;
}

}  // namespace ferry::oci_layout
