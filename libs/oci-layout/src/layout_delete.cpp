#include "ferry/oci_layout/layout_delete.hpp"

#include "ferry/oci_layout/live_writers.hpp"
#include "ferry/oci_layout/signature_referrers.hpp"

#include <ferry/file_io/file_reader.hpp>
#include <ferry/json_input/parse.hpp>

#include <ferry/plugin.hpp>

#include <set>
#include <system_error>

namespace ferry::oci_layout {

namespace fs = std::filesystem;

namespace {

// Nested indexes deeper than this are refused rather than walked.
constexpr int max_index_depth = 16;

// What a set of index.json entries reaches, read from manifests and indexes
// only: configs and layers are named by their descriptors and never opened, so
// a delete costs the same for a 10 GB image as for a tiny one.
class Reach {
 public:
  Reach(const Layout& layout, std::string image) : layout_(layout), image_(std::move(image)) {}

  // Adds the manifest (or index) `desc` names and everything below it.
  void add_manifest(const Json& desc, int depth = 0) {
    auto d = digest_of_descriptor(desc);
    if (!d || !blobs.insert(d->str()).second) return;
    if (depth > max_index_depth)
      refuse("its indexes nest deeper than " + std::to_string(max_index_depth) + " levels");
    std::optional<std::string> text;
    try {
      text = file_io::read_small_file(layout_.blob_path(*d));
    } catch (const sdk::Error& e) {
      refuse("its manifest " + d->str() + " cannot be read: " + e.what());
    }
    if (!text) return;  // already gone: it holds nothing else
    Json m;
    try {
      m = json_input::parse<Json>(*text, json_input::limits::manifest, "its manifest " + d->str());
    } catch (const json_input::Error& e) {
      refuse(std::string("has a manifest that cannot be read: ") + e.what());
    }
    if (!m.is_object()) refuse("its manifest " + d->str() + " is not a JSON object");
    for (const char* key : {"config", "subject"})
      if (auto c = m.find(key); c != m.end() && c->is_object()) add_leaf(*c);
    for (const char* key : {"layers", "blobs"}) add_leaves(m, key);
    if (auto list = m.find("manifests"); list != m.end()) {
      if (!list->is_array()) refuse("its index " + d->str() + " has a \"manifests\" that is not a list");
      for (const auto& child : *list)
        if (child.is_object()) add_manifest(child, depth + 1);
    }
  }

  std::set<std::string> blobs;  // "algo:hex", each checked safe as a file name

 private:
  void add_leaves(const Json& m, const char* key) {
    auto list = m.find(key);
    if (list == m.end() || !list->is_array()) return;
    for (const auto& child : *list)
      if (child.is_object()) add_leaf(child);
  }
  void add_leaf(const Json& desc) {
    if (auto d = digest_of_descriptor(desc)) blobs.insert(d->str());
  }

  // nullopt for a descriptor without a usable digest: such a name is never
  // turned into a path, so never deleted.
  std::optional<Digest> digest_of_descriptor(const Json& desc) const {
    auto dg = desc.find("digest");
    if (dg == desc.end() || !dg->is_string()) return std::nullopt;
    try {
      return Digest::parse(dg->get<std::string>(), layout_.index_label());
    } catch (const sdk::Error&) {
      return std::nullopt;
    }
  }

  [[noreturn]] void refuse(const std::string& why) const {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "cannot delete from " + layout_.root().string() + ": " +
                                                   image_ + " " + why + "; the layout was not changed");
  }

  const Layout& layout_;
  std::string image_;
};

std::string describe(const Json& entry) {
  std::string ref = ref_name_of(entry);
  return ref.empty() ? "an unnamed image" : "image \"" + ref + "\"";
}

}  // namespace

void delete_image(const Layout& layout, const LayoutName& name) {
  LayoutLock lock(layout.root());
  Json index = layout.load_index();
  Json chosen = layout.select(index, name);
  Json& entries = index["manifests"];
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if (*it == chosen) {
      entries.erase(it);
      break;
    }
  }

  // The whole plan first: if any manifest cannot be read, nothing changes.
  Reach gone(layout, describe(chosen));
  gone.add_manifest(chosen);
  std::set<std::string> named;  // what the remaining images reach
  for (const auto& e : entries) {
    if (is_signature_referrer(e)) continue;
    Reach other(layout, "the remaining " + describe(e));
    other.add_manifest(e);
    named.merge(other.blobs);
  }
  // Signatures kept as referrers go with the manifests they sign, unless
  // another image still has that manifest.
  for (auto it = entries.begin(); it != entries.end();) {
    auto subject = signature_subject(layout, *it);
    if (subject && gone.blobs.count(*subject) && !named.count(*subject)) {
      gone.add_manifest(*it);
      it = entries.erase(it);
    } else {
      ++it;
    }
  }
  std::set<std::string> doomed;
  if (!layout.shares_blobs()) {
    std::set<std::string> kept = std::move(named);
    for (const auto& e : entries) {
      if (!is_signature_referrer(e)) continue;
      Reach other(layout, "a remaining signature");
      other.add_manifest(e);
      kept.merge(other.blobs);
    }
    for (const auto& digest : gone.blobs)
      if (!kept.count(digest)) doomed.insert(digest);
  }

  write_index(layout.index_file(), index);
  // Blobs in a shared blob dir may serve other layouts: they are never removed.
  // A blob that cannot be removed now is only unreferenced, never a broken image.
  // So is one a copy at work in the layout may have found present: it will
  // refer to it when it commits. The blobs go only while no writer is there.
  auto alone = doomed.empty() ? std::nullopt : WriterPresence::alone(layout.root());
  if (!alone) return;
  for (const auto& digest : doomed) {
    std::error_code ec;
    fs::remove(layout.blob_path(Digest::parse(digest, layout.index_label())), ec);
  }
}

}  // namespace ferry::oci_layout
