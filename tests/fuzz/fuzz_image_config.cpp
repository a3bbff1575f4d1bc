// Image configs (core image_config) as `inspect` reads them from any registry:
// checked against skopeo's types, shown as `inspect --config` shows them, and
// put into inspect's document, its JSON and its template view (cli
// inspect_output), whose size must grow with the input, never faster.
#include "fuzz_input.hpp"

#include "inspect/inspect_output.hpp"

#include "inspect/go_template.hpp"
#include "inspect/image_config.hpp"
#include <ferry/core/manifest.hpp>
#include <ferry/media_types.hpp>

namespace {

using namespace ferry;

// The "tiny" fixture's manifest: inspect shows its layers next to the config.
const ResolvedImage& tiny_image() {
  static const ResolvedImage image = [] {
    ResolvedImage i;
    i.top.bytes =
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:2219338a495bae7cde3400f39e507afb04eeb4bcf201d4fe2e4a697dfcc949d9","size":378},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:0d022fe10849a77e7831ec010f253600159cd04767f59bd24dd4cb08725eb9d0","size":402}]})";
    i.top_mime = i.mime = std::string(media::oci_manifest);
    i.manifest = i.top.bytes;
    i.parsed = parse_image_manifest(i.manifest, i.mime);
    return i;
  }();
  return image;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto config = fuzz::as_text(data, size);
  if (!fuzz::accepted([&] { parse_image_config(config); })) return 0;
  size_t shown = 0;
  fuzz::accepted([&] { shown = oci_config_view(config).dump(4).size(); });
  std::string inspected, rendered;
  fuzz::accepted([&] {
    const auto doc = cli::inspect_document(tiny_image(), config, "docker.io/library/tiny", {"latest"});
    inspected = cli::go_json_indent(doc);
    rendered =
        render_go_template("{{json .}} {{.Labels}} {{.Env}} {{.Created}}", cli::inspect_template_view(doc));
  });
  // Indentation and escaping add a bounded factor per byte of input (4 spaces
  // a level, 256 levels at most, 6 bytes for an escaped '<'); far from it
  // means output built from the input more than once.
  const size_t bound = 64 * 1024 + 300 * size;
  if (shown > bound || inspected.size() > bound || rendered.size() > bound)
    fuzz::broken("inspect's output grows faster than its input");
  return 0;
}
