#include "ferry/oci_layout/layout_source.hpp"

#include "ferry/oci_layout/signature_referrers.hpp"

#include <ferry/file_io/file_reader.hpp>

namespace ferry::oci_layout {

LayoutSource::LayoutSource(Layout layout, const LayoutName& name) : layout_(std::move(layout)) {
  Json index = layout_.load_index();
  descriptor_ = layout_.select(index, name);
  referrer_entries_ = Json::object();
  referrer_entries_["manifests"] = Json::array();
  for (const auto& e : index["manifests"])
    if (is_signature_referrer(e)) referrer_entries_["manifests"].push_back(e);
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

std::optional<std::string> LayoutSource::get_signature(const std::optional<std::string>& instance,
                                                       uint32_t index) {
  const auto top = descriptor_.find("digest");
  if (!instance && (top == descriptor_.end() || !top->is_string())) return std::nullopt;
  const std::string digest = instance ? *instance : top->get<std::string>();
  auto it = signatures_.find(digest);
  if (it == signatures_.end())
    it = signatures_.emplace(digest, signatures_of(layout_, referrer_entries_, digest)).first;
  if (index >= it->second.size()) return std::nullopt;
  return it->second[index];
}

}  // namespace ferry::oci_layout
