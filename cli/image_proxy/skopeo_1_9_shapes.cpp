#include "image_proxy/skopeo_1_9_shapes.hpp"

#include <ferry/core/error.hpp>

namespace ferry::cli::image_proxy {
namespace {

// Go's %q for the plain strings platform names are.
std::string go_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

nlohmann::ordered_json image_spec_1_0_config(const nlohmann::ordered_json& view) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const char* key : {"created", "author", "architecture", "variant", "os", "os.version", "os.features",
                          "config", "rootfs", "history"}) {
    auto it = view.find(key);
    if (it != view.end()) out[key] = *it;
  }
  return out;
}

std::optional<std::string> no_instance_error(ImageSource& source, const Platform& platform) {
  RawManifest top = source.manifest();
  const std::string mime = effective_manifest_type(top.bytes, top.mime);
  if (!is_list_type(mime)) return std::nullopt;
  const ManifestList list = parse_manifest_list(top.bytes, mime);
  try {
    choose_instance(list, platform);
    return std::nullopt;
  } catch (const Error&) {
    const bool oci = mime == "application/vnd.oci.image.index.v1+json";
    return std::string("no image found in ") + (oci ? "image index" : "manifest list") +
           " for architecture " + platform.architecture + ", variant " + go_quote(platform.variant) +
           ", OS " + platform.os;
  }
}

}  // namespace ferry::cli::image_proxy
