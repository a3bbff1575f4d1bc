#include "inspect_output.hpp"

#include <ferry/core/error.hpp>

namespace ferry::cli {

using nlohmann::ordered_json;

ordered_json inspect_document(const ResolvedImage& image, std::string_view config_bytes,
                              const std::optional<std::string>& docker_name,
                              const std::vector<std::string>& repo_tags) {
  ordered_json config = ordered_json::object();
  if (!config_bytes.empty()) {
    try {
      config = ordered_json::parse(config_bytes);
    } catch (const std::exception& e) {
      fail(FERRY_E_INVALID_ARGUMENT, std::string("invalid image config: ") + e.what());
    }
  }
  auto get = [&](const ordered_json& obj, const char* key) -> ordered_json {
    if (obj.is_object() && obj.contains(key) && !obj[key].is_null()) return obj[key];
    return nullptr;
  };
  ordered_json runtime = get(config, "config");

  ordered_json out;
  if (docker_name) out["Name"] = *docker_name;
  // The digest of what the reference names: the list itself for a list.
  out["Digest"] = manifest_digest(image.top.bytes).str();
  out["RepoTags"] = repo_tags;
  out["Created"] = get(config, "created");
  ordered_json dv = get(config, "docker_version");
  out["DockerVersion"] = dv.is_null() ? ordered_json("") : dv;
  // Go prints maps with sorted keys.
  ordered_json labels = get(runtime, "Labels");
  out["Labels"] = labels.is_object() ? ordered_json(nlohmann::json(labels)) : labels;
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

// RFC 3339 -> Go's time.Time.String(); the text unchanged if it is not RFC 3339.
std::string go_time_string(const std::string& t) {
  if (t.size() < 20 || t[10] != 'T') return t;
  std::string out = t.substr(0, 10) + " " + t.substr(11, 8);
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    size_t end = t.find_first_not_of("0123456789", i + 1);
    std::string frac = t.substr(i + 1, end - i - 1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (!frac.empty()) out += "." + frac;
    i = end;
  }
  if (i >= t.size()) return t;
  if (t[i] == 'Z') return out + " +0000 UTC";
  if ((t[i] == '+' || t[i] == '-') && t.size() >= i + 6) {
    std::string zone = t.substr(i, 3) + t.substr(i + 4, 2);
    return out + " " + zone + " " + zone;
  }
  return t;
}

}  // namespace

ordered_json inspect_template_view(const ordered_json& doc) {
  ordered_json view;
  view["Name"] = doc.value("Name", "");
  view["Tag"] = "";  // skopeo's struct has it; only schema 1 images set it
  for (const auto& [key, value] : doc.items()) {
    if (key == "Name") continue;
    if (key == "Labels" && value.is_null()) view[key] = ordered_json::object();
    else if (key == "Env" && value.is_null()) view[key] = ordered_json::array();
    else if (key == "Created") view[key] = value.is_string() ? ordered_json(go_time_string(value)) : ordered_json("<nil>");
    else view[key] = value;
  }
  return view;
}

std::string go_json_indent(const ordered_json& j) {
  std::string s = j.dump(4);
  // Go escapes these inside strings; outside strings JSON never holds them.
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace ferry::cli
