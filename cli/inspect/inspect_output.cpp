#include "inspect/inspect_output.hpp"

#include <ferry/core/error.hpp>
#include "inspect/image_config.hpp"

namespace ferry::cli {

using nlohmann::ordered_json;

ordered_json inspect_document(const ResolvedImage& image, std::string_view config_bytes,
                              const std::optional<std::string>& docker_name,
                              const std::vector<std::string>& repo_tags) {
  // Member types are checked as skopeo's decoding checks them, so the values
  // copied below are strings, lists of strings or maps of strings: the output
  // grows with the input, never faster.
  const nlohmann::json config =
      config_bytes.empty() ? nlohmann::json::object() : parse_image_config(config_bytes);
  // JSON null when absent or null. nlohmann::json holds map keys sorted, as Go prints them.
  auto get = [](const nlohmann::json& obj, const char* key) -> ordered_json {
    const auto it = obj.is_object() ? obj.find(key) : obj.end();
    return it == obj.end() ? ordered_json() : ordered_json(*it);
  };
  const auto runtime_it = config.find("config");
  const nlohmann::json runtime = runtime_it == config.end() ? nlohmann::json() : *runtime_it;

  ordered_json out;
  if (docker_name) out["Name"] = *docker_name;
  // The digest of what the reference names: the list itself for a list.
  out["Digest"] = manifest_digest(image.top.bytes).str();
  out["RepoTags"] = repo_tags;
  out["Created"] = get(config, "created");
  ordered_json dv = get(config, "docker_version");
  out["DockerVersion"] = dv.is_null() ? ordered_json("") : dv;
  out["Labels"] = get(runtime, "Labels");
  ordered_json arch = get(config, "architecture"), os = get(config, "os");
  out["Architecture"] = arch.is_null() ? ordered_json("") : arch;
  out["Os"] = os.is_null() ? ordered_json("") : os;
  ordered_json layers = ordered_json::array(), layers_data = ordered_json::array();
  for (const auto& l : image.parsed.layers) {
    layers.push_back(l.digest.str());
    ordered_json d;
    d["MIMEType"] = l.media_type;
    d["Digest"] = l.digest.str();
    d["Size"] = l.size;
    d["Annotations"] = l.annotations.empty() ? ordered_json(nullptr) : ordered_json(l.annotations);
    layers_data.push_back(d);
  }
  out["Layers"] = layers;
  out["LayersData"] = layers_data;
  out["Env"] = get(runtime, "Env");
  return out;
}

namespace {

GoValue string_field(const ordered_json& doc, const char* key, const char* type = "string") {
  const auto it = doc.find(key);
  return GoValue::of_string(it != doc.end() && it->is_string() ? it->get<std::string>() : "", type);
}

// []string; JSON null is a nil slice.
GoValue string_slice(const ordered_json& j) {
  std::vector<GoValue> items;
  if (j.is_array()) {
    for (const auto& e : j) items.push_back(GoValue::from_json(e));
  }
  return GoValue::of_slice(std::move(items), "[]string", !j.is_array());
}

// map[string]string; JSON null is a nil map.
GoValue string_map(const ordered_json& j) {
  std::vector<std::pair<std::string, GoValue>> entries;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) entries.emplace_back(k, GoValue::from_json(v));
  }
  return GoValue::of_map(std::move(entries), "map[string]string", "string", !j.is_object());
}

}  // namespace

GoValue inspect_template_view(const ordered_json& doc) {
  const ordered_json null;
  auto get = [&](const char* key) -> const ordered_json& {
    const auto it = doc.find(key);
    return it == doc.end() ? null : *it;
  };
  std::vector<GoValue> layers;
  for (const auto& l : get("LayersData").is_array() ? get("LayersData") : ordered_json::array()) {
    GoValue layer = GoValue::of_struct("types.ImageInspectLayer");
    layer.add_field("MIMEType", string_field(l, "MIMEType"))
        .add_field("Digest", string_field(l, "Digest", "digest.Digest"))
        .add_field("Size", GoValue::of_int(l.value("Size", int64_t{0}), "int64"))
        .add_field("Annotations", string_map(l.value("Annotations", ordered_json())));
    layers.push_back(std::move(layer));
  }
  const ordered_json& created = get("Created");
  std::optional<GoTime> created_time;
  if (created.is_string()) created_time = GoTime::parse_rfc3339(created.get<std::string>());

  // Field order and omitempty tags as skopeo declares them.
  GoValue view = GoValue::of_struct("*main.inspectOutput");
  view.add_field("Name", string_field(doc, "Name"), true)
      .add_field("Tag", string_field(doc, "Tag"), true)
      .add_field("Digest", string_field(doc, "Digest", "digest.Digest"))
      .add_field("RepoTags", string_slice(get("RepoTags")))
      .add_field("Created", GoValue::of_time(created_time, true))
      .add_field("DockerVersion", string_field(doc, "DockerVersion"))
      .add_field("Labels", string_map(get("Labels")))
      .add_field("Architecture", string_field(doc, "Architecture"))
      .add_field("Variant", string_field(doc, "Variant"), true)
      .add_field("Os", string_field(doc, "Os"))
      .add_field("Layers", string_slice(get("Layers")))
      .add_field("LayersData", GoValue::of_slice(std::move(layers), "[]types.ImageInspectLayer"))
      .add_field("Env", string_slice(get("Env")));
  return view;
}

std::string go_json_indent(const ordered_json& j) {
  std::string s = j.dump(4);
  // Go escapes these inside strings; outside strings JSON never holds them.
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace ferry::cli
