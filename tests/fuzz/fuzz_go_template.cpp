// Go templates (core go_template*): `inspect --format` text, parsed and run
// against a fixed value shaped like skopeo's inspect output (every kind the
// templates meet: a struct, maps, slices, a *time.Time, a digest.Digest) and
// against JSON as encoding/json decodes it. Collections hold one element, so
// nested {{range}} costs what the template's length does.
#include "fuzz_input.hpp"

#include "inspect/go_template.hpp"

namespace {

using namespace ferry;

const GoValue& inspect_like() {
  static const GoValue value = [] {
    GoValue layer = GoValue::of_struct("types.ImageInspectLayer");
    layer.add_field("MIMEType", GoValue::of_string("application/vnd.oci.image.layer.v1.tar+gzip"))
        .add_field("Digest", GoValue::of_string(
                                 "sha256:0d022fe10849a77e7831ec010f253600159cd04767f59bd24dd4cb08725eb9d0",
                                 "digest.Digest"))
        .add_field("Size", GoValue::of_int(402, "int64"))
        .add_field("Annotations", GoValue::of_map({}, "map[string]string", "string", true));
    GoValue v = GoValue::of_struct("*main.inspectOutput");
    v.add_field("Name", GoValue::of_string("docker.io/library/tiny"), true)
        .add_field("Digest", GoValue::of_string(
                                 "sha256:4b0a1ec1bd4a4ae0e3d4bd5d1c1e12b3b1bfbd1a2d1e2f0c3a4b5c6d7e8f9a0b",
                                 "digest.Digest"))
        .add_field("RepoTags", GoValue::of_slice({GoValue::of_string("latest")}, "[]string"))
        .add_field("Created", GoValue::of_time(GoTime::parse_rfc3339("2023-11-14T22:13:20.5+01:00"), true))
        .add_field("Labels",
                   GoValue::of_map({{"version", GoValue::of_string("1.0")}}, "map[string]string", "string"))
        .add_field("Architecture", GoValue::of_string("amd64"))
        .add_field("Variant", GoValue::of_string(""), true)
        .add_field("LayersData", GoValue::of_slice({layer}, "[]types.ImageInspectLayer"))
        .add_field("Env", GoValue::of_slice({}, "[]string", true));
    return v;
  }();
  return value;
}

const nlohmann::ordered_json& decoded_json() {
  static const auto value =
      nlohmann::ordered_json::parse(R"({"n":-3,"f":0.5,"b":true,"z":null,"s":"x<y","a":[7],"m":{"k":"v"}})");
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view tmpl = fuzz::as_text(data, size);
  fuzz::accepted([&] { render_go_template(tmpl, inspect_like()); });
  fuzz::accepted([&] { render_go_template(tmpl, decoded_json()); });
  return 0;
}
