#include <ferry/core/error.hpp>
#include <ferry/core/schema1_config.hpp>

#include <nlohmann/json.hpp>

#include <map>

namespace ferry {

using nlohmann::json;

std::string schema1_to_config(std::string_view manifest, const std::vector<Digest>& diff_ids) {
  json doc;
  try {
    doc = json::parse(manifest);
  } catch (const json::exception& e) {
    fail(FERRY_E_INVALID_ARGUMENT, std::string("invalid schema 1 manifest: ") + e.what());
  }
  const json& history = doc.at("history");
  if (!history.is_array() || history.empty())
    fail(FERRY_E_INVALID_ARGUMENT, "invalid schema 1 manifest: no history to build a config from");
  auto compat = [&](size_t i) { return json::parse(history[i].at("v1Compatibility").get<std::string>()); };

  // The newest entry carries the image's runtime config; drop the v1 layer
  // bookkeeping that has no place in an image config. Top-level keys come out
  // sorted and nested values keep their order, as the containers tools write it.
  nlohmann::ordered_json base = nlohmann::ordered_json::parse(history[0].at("v1Compatibility").get<std::string>());
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
    if (v1.value("throwaway", false)) h["empty_layer"] = true;
    else ++layers;
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
  try {
    json doc = json::parse(manifest);
    return doc.at("history").at(0).at("v1Compatibility").get<std::string>();
  } catch (const json::exception& e) {
    fail(FERRY_E_INVALID_ARGUMENT, std::string("invalid schema 1 manifest: ") + e.what());
  }
}

}  // namespace ferry
