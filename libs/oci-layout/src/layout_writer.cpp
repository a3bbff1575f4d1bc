#include "ferry/oci_layout/layout_writer.hpp"

#include "ferry/oci_layout/signature_referrers.hpp"

#include <ferry/file_io/staging.hpp>
#include <ferry/file_io/temp_file.hpp>
#include <ferry/file_io/file_reader.hpp>
#include <ferry/json_input/parse.hpp>
#include <ferry/media_types.hpp>

#include <algorithm>
#include <set>
#include <system_error>

namespace ferry::oci_layout {

namespace fs = std::filesystem;

namespace {

const std::string oci_manifest(media::oci_manifest);
const std::string oci_index(media::oci_index);
// Byte for byte what the containers tools write.
constexpr const char* layout_file_content = R"({"imageLayoutVersion": "1.0.0"})";

// The MIME type of manifest bytes the host sent without one.
std::string guess_mime(std::string_view bytes) {
  Json m;
  try {
    m = json_input::parse<Json>(bytes, json_input::limits::manifest, "the manifest");
  } catch (const json_input::Error&) {
    return oci_manifest;
  }
  if (m.is_object()) {
    if (auto t = m.find("mediaType"); t != m.end() && t->is_string()) return t->get<std::string>();
    if (m.contains("manifests")) return oci_index;
  }
  return oci_manifest;
}

}  // namespace

const std::vector<std::string>& layout_manifest_types() {
  // OCI types only, as the containers tools' layout destination: a Docker
  // manifest in index.json is an image they cannot find and OCI tools refuse,
  // so a Docker-typed source is converted on its way in.
  static const std::vector<std::string> types = {oci_manifest, oci_index};
  return types;
}

LayoutWriter::LayoutWriter(Layout layout, std::string ref_name, sdk::Context ctx)
    : layout_(std::move(layout)), store_(layout_), ref_(std::move(ref_name)), ctx_(ctx) {
  // A writer that created the layout and failed may remove it while we wait
  // to enter: then it is prepared again.
  for (int attempt = 0; !presence_; ++attempt) {
    if (attempt == 3)
      throw sdk::Error(FERRY_E_IO, "the OCI layout " + layout_.root().string() +
                                       " was removed again and again while this copy started");
    created_.reset();
    prepare_root();
    presence_ = WriterPresence::enter(layout_.root());
  }
}

void LayoutWriter::prepare_root() {
  const fs::path& root = layout_.root();
  std::error_code ec;
  if (fs::exists(root, ec)) {
    if (!fs::is_directory(root, ec))
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "cannot write an OCI layout at " + root.string() + ": it is not a directory");
    // Refuse to build on a damaged layout rather than overwrite what it holds.
    read_index(layout_.index_file());
    remove_dead_writers_staging();
    if (auto text = file_io::read_small_file(layout_.layout_file())) {
      Json l =
          json_input::parse<Json>(*text, json_input::limits::layout_marker, layout_.layout_file().string());
      if (!l.is_object() || !l.contains("imageLayoutVersion") || !l["imageLayoutVersion"].is_string())
        throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                         layout_.layout_file().string() + " is not a valid oci-layout file");
    }
    return;
  }
  // Remember the topmost directory we create, to remove it all on abort.
  fs::path top = fs::absolute(root, ec);
  while (top.has_parent_path() && top.parent_path() != top && !fs::exists(top.parent_path(), ec))
    top = top.parent_path();
  fs::create_directories(root, ec);
  if (ec) throw sdk::Error(FERRY_E_IO, "cannot create the OCI layout " + root.string() + ": " + ec.message());
  created_ = top;
}

void LayoutWriter::remove_dead_writers_staging() {
  file_io::remove_stale_staging(layout_.root(), "." + layout_.index_file().filename().string() + ".tmp-");
  file_io::remove_stale_staging(layout_.root(), "." + layout_.layout_file().filename().string() + ".tmp-");
  std::error_code ec;
  fs::path blobs = layout_.blob_dir("sha256").parent_path();
  for (const auto& algo : fs::directory_iterator(blobs, ec))
    if (algo.is_directory(ec)) file_io::remove_stale_staging(algo.path(), ".tmp-");
}

LayoutWriter::~LayoutWriter() {
  if (committed_ || !created_) return;
  presence_.reset();
  try {
    LayoutLock lock(layout_.root());  // no commit while we look
    auto alone = WriterPresence::alone(layout_.root());
    std::error_code ec;
    if (!alone || fs::exists(layout_.index_file(), ec)) return;  // others' work: it stays
    fs::remove_all(*created_, ec);
  } catch (const std::exception&) {
    // Tidying only: what stays is a layout without this image.
  }
}

std::vector<std::string> LayoutWriter::supported_manifest_types() { return layout_manifest_types(); }

bool LayoutWriter::has_blob(const sdk::BlobInfo& info) {
  if (info.digest.empty()) return false;
  return store_.has(Digest::parse(info.digest, "the blob asked about"), info.size);
}

void LayoutWriter::put_blob(const sdk::BlobInfo& info, sdk::BlobStream& data) {
  store_.put(data, info, ctx_);
}

void LayoutWriter::put_manifest(const std::optional<std::string>& instance, std::string_view bytes,
                                const std::string& mime) {
  std::string type = mime.empty() ? guess_mime(bytes) : mime;
  const auto& ok = layout_manifest_types();
  if (std::find(ok.begin(), ok.end(), type) == ok.end())
    throw sdk::Error(FERRY_E_MANIFEST_REJECTED, "an OCI layout does not store manifests of type " + type);
  if (instance) {
    store_.put_bytes(Digest::parse(*instance, "the instance digest"), bytes);
    Json desc = Json::object();
    desc["mediaType"] = type;
    desc["digest"] = *instance;
    desc["size"] = bytes.size();
    instances_[*instance] = std::move(desc);
    return;
  }
  Digest d = Digest::of(bytes);
  store_.put_bytes(d, bytes);
  Json desc = Json::object();
  desc["mediaType"] = type;
  desc["digest"] = d.str();
  desc["size"] = bytes.size();
  if (!ref_.empty()) desc["annotations"] = Json{{ref_name_annotation, ref_}};
  descriptor_ = std::move(desc);
}

void LayoutWriter::put_signature(const std::optional<std::string>& instance, uint32_t,
                                 std::string_view bytes) {
  const Json* subject = nullptr;
  if (instance) {
    auto it = instances_.find(*instance);
    if (it != instances_.end()) subject = &it->second;
  } else if (descriptor_) {
    subject = &*descriptor_;
  }
  if (!subject) throw sdk::Error(FERRY_E_INTERNAL, "a signature arrived before the manifest it signs");
  referrers_.emplace_back((*subject)["digest"].get<std::string>(),
                          store_signature_referrer(store_, *subject, bytes));
}

void LayoutWriter::commit() {
  if (!descriptor_)
    throw sdk::Error(FERRY_E_INTERNAL,
                     "commit of " + layout_.root().string() + " before its manifest was written");
  LayoutLock lock(layout_.root());
  if (!file_io::read_small_file(layout_.layout_file()))
    file_io::write_file_atomically(layout_.layout_file(), layout_file_content);
  // Re-read under the lock: another writer may have added an image since open.
  Json index = read_index(layout_.index_file()).value_or(empty_index());
  Json& entries = index["manifests"];
  const std::string digest = (*descriptor_)["digest"];
  if (!ref_.empty()) {
    for (auto it = entries.begin(); it != entries.end();)
      it = ref_name_of(*it) == ref_ ? entries.erase(it) : it + 1;
  }
  // An unnamed entry for the same manifest is the same image: replace it.
  auto same = std::find_if(entries.begin(), entries.end(),
                           [&](const Json& e) { return ref_name_of(e).empty() && e["digest"] == digest; });
  if (same != entries.end())
    *same = *descriptor_;
  else
    entries.push_back(*descriptor_);
  if (!referrers_.empty()) {
    // The manifests signed now get exactly these signatures.
    std::set<std::string> signed_now;
    for (const auto& r : referrers_) signed_now.insert(r.first);
    for (auto it = entries.begin(); it != entries.end();) {
      auto subject = signature_subject(layout_, *it);
      it = subject && signed_now.count(*subject) ? entries.erase(it) : it + 1;
    }
    for (const auto& r : referrers_) entries.push_back(r.second);
  }
  write_index(layout_.index_file(), index);
  committed_ = true;
}

uint32_t LayoutWriter::flags(uint32_t declared) {
  if (ctx_.flag("oci-accept-uncompressed-layers")) declared &= ~FERRY_DEST_PREFERS_COMPRESSED;
  if (!ctx_.flag("signatures-as-referrers")) declared |= FERRY_DEST_NO_SIGNATURES;
  return declared;
}

}  // namespace ferry::oci_layout
