#include <ferry/core/error.hpp>
#include <ferry/core/schema1_config.hpp>

#include <ferry/json_input/fields.hpp>
#include <nlohmann/json.hpp>

#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>

#include <map>

namespace ferry {

using nlohmann::json;

namespace {

const std::string kManifest = "the schema 1 manifest";

json parse_manifest(std::string_view manifest) {
  json doc = json_input::parse<json>(manifest, json_input::limits::manifest, kManifest);
  if (!doc.is_object()) fail(FERRY_E_INVALID_ARGUMENT, kManifest + " is not a JSON object");
  return doc;
}

// history[i].v1Compatibility: the JSON text of a schema 1 history entry.
std::string v1_compatibility(const json& history, size_t i) {
  const std::string path = "history[" + std::to_string(i) + "]";
  auto text = json_input::Fields<json>(history[i], kManifest, path).string("v1Compatibility");
  if (!text) fail(FERRY_E_INVALID_ARGUMENT, kManifest + ": \"" + path + ".v1Compatibility\" is missing");
  return *text;
}

template <class Json>
Json parse_v1_compatibility(const json& history, size_t i) {
  Json v1 = json_input::parse<Json>(v1_compatibility(history, i), json_input::limits::manifest,
                                    kManifest + "'s history[" + std::to_string(i) + "].v1Compatibility");
  if (!v1.is_object())
    fail(FERRY_E_INVALID_ARGUMENT,
         kManifest + ": \"history[" + std::to_string(i) + "].v1Compatibility\" is not a JSON object");
  return v1;
}

}  // namespace

std::string schema1_to_config(std::string_view manifest, const std::vector<Digest>& diff_ids) {
  const json doc = parse_manifest(manifest);
  const auto history_it = doc.find("history");
  if (history_it == doc.end() || !history_it->is_array() || history_it->empty())
    fail(FERRY_E_INVALID_ARGUMENT, "invalid schema 1 manifest: no history to build a config from");
  const json& history = *history_it;
  auto compat = [&](size_t i) { return parse_v1_compatibility<json>(history, i); };

  // The newest entry carries the image's runtime config; drop the v1 layer
  // bookkeeping that has no place in an image config. Top-level keys come out
  // sorted and nested values keep their order, as the containers tools write it.
  nlohmann::ordered_json base = parse_v1_compatibility<nlohmann::ordered_json>(history, 0);
  std::map<std::string, nlohmann::ordered_json> sorted;
  for (auto& [key, value] : base.items()) sorted[key] = value;
  for (const char* key : {"id", "parent", "Size", "parent_id", "layer_id", "throwaway"}) sorted.erase(key);

  nlohmann::ordered_json out_history = nlohmann::ordered_json::array();
  size_t layers = 0;
  for (size_t i = history.size(); i-- > 0;) {  // oldest first
    json v1 = compat(i);
    nlohmann::ordered_json h;
    if (v1.contains("created")) h["created"] = v1["created"];
    std::string created_by;
    if (v1.contains("container_config") && v1["container_config"].is_object() &&
        v1["container_config"].contains("Cmd") && v1["container_config"]["Cmd"].is_array())
      for (const auto& part : v1["container_config"]["Cmd"])
        if (part.is_string()) created_by += (created_by.empty() ? "" : " ") + part.get<std::string>();
    if (!created_by.empty()) h["created_by"] = created_by;
    if (v1.contains("author")) h["author"] = v1["author"];
    if (v1.contains("comment")) h["comment"] = v1["comment"];
    if (const auto t = v1.find("throwaway"); t != v1.end() && t->is_boolean() && t->get<bool>())
      h["empty_layer"] = true;
    else
      ++layers;
    out_history.push_back(h);
  }
  if (layers != diff_ids.size())
    fail(FERRY_E_INTERNAL, "schema 1 conversion: " + std::to_string(layers) + " layers but " +
                               std::to_string(diff_ids.size()) + " diff IDs");
  nlohmann::ordered_json rootfs;
  rootfs["type"] = "layers";
  rootfs["diff_ids"] = nlohmann::ordered_json::array();
  for (const auto& d : diff_ids) rootfs["diff_ids"].push_back(d.str());
  sorted["rootfs"] = rootfs;
  sorted["history"] = out_history;

  nlohmann::ordered_json config;
  for (auto& [key, value] : sorted) config[key] = value;
  return config.dump();
}

std::string schema1_image_config(std::string_view manifest) {
  const json doc = parse_manifest(manifest);
  const auto history = doc.find("history");
  if (history == doc.end() || !history->is_array() || history->empty())
    fail(FERRY_E_INVALID_ARGUMENT, "invalid schema 1 manifest: it has no history");
  return v1_compatibility(*history, 0);
}

}  // namespace ferry
