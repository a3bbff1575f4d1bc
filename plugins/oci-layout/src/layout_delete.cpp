#include "ferry/oci_layout/layout_delete.hpp"

#include <ferry/file_io/file_reader.hpp>

#include <ferry/plugin.hpp>

#include <set>
#include <system_error>

namespace ferry::plugins::oci_layout {

namespace fs = std::filesystem;

namespace {

// Adds the digest of `desc` and, for manifests, everything below it.
void collect(const Layout& layout, const Json& desc, std::set<std::string>& out) {
  auto dg = desc.find("digest");
  if (dg == desc.end() || !dg->is_string()) return;
  Digest d;
  try {
    d = parse_digest(dg->get<std::string>(), layout.index_label());
  } catch (const sdk::Error&) {
    return;  // a malformed digest is never turned into a path, so never deleted
  }
  if (!out.insert(d.str()).second) return;
  auto text = file_io::read_small_file(layout.blob_path(d));
  if (!text) return;
  Json m = Json::parse(*text, nullptr, false);
  if (!m.is_object()) return;  // a layer or a config
  if (auto c = m.find("config"); c != m.end() && c->is_object()) collect(layout, *c, out);
  for (const char* key : {"layers", "manifests", "blobs"}) {
    auto list = m.find(key);
    if (list == m.end() || !list->is_array()) continue;
    for (const auto& child : *list)
      if (child.is_object()) collect(layout, child, out);
  }
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
  write_index(layout.index_file(), index);
  if (layout.shares_blobs()) return;

  std::set<std::string> doomed, kept;
  collect(layout, chosen, doomed);
  for (const auto& e : entries) collect(layout, e, kept);
  for (const auto& digest : doomed) {
    if (kept.count(digest)) continue;
    std::error_code ec;
    fs::remove(layout.blob_path(parse_digest(digest, layout.index_label())), ec);
  }
}

}  // namespace ferry::plugins::oci_layout
