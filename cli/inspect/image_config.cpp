// The OCI view of an image config, shaped like Go's encoding of image-spec's
// v1.Image: fixed member order, map keys sorted, empty optional members gone.
#include <ferry/core/error.hpp>
#include "inspect/image_config.hpp"

#include <array>

namespace ferry {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Go's omitempty: these values are not written at all.
bool is_empty(const json& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) ||
         (v.is_boolean() && !v.get<bool>()) || (v.is_number() && v == 0) ||
         ((v.is_array() || v.is_object()) && v.empty());
}

// Go re-encodes timestamps as RFC 3339 with the shortest fraction and "Z" for
// UTC: "2023-01-01T00:00:00.500000000+00:00" prints as "2023-01-01T00:00:00.5Z".
std::string go_time(std::string text) {
  if (text.size() < 20 || text[10] != 'T') return text;
  if (text.ends_with("+00:00") || text.ends_with("-00:00")) {
    text.replace(text.size() - 6, 6, "Z");
  }
  const auto zone = text.find_first_of("Z+-", 19);
  const auto dot = text.find('.', 19);
  if (dot == std::string::npos || zone == std::string::npos || dot > zone) return text;
  auto last = zone;
  while (last > dot + 1 && text[last - 1] == '0') --last;
  if (last == dot + 1) last = dot;  // an all-zero fraction disappears with its dot
  text.erase(last, zone - last);
  return text;
}

ordered_json runtime_config(const json& in) {
  ordered_json out = ordered_json::object();
  if (!in.is_object()) return out;
  static constexpr std::array kKeys = {"User",    "ExposedPorts", "Env",    "Entrypoint", "Cmd",
                                       "Volumes", "WorkingDir",   "Labels", "StopSignal", "ArgsEscaped"};
  for (const char* key : kKeys) {
    const auto it = in.find(key);
    if (it == in.end() || is_empty(*it)) continue;
    if (std::string_view(key) == "ExposedPorts" || std::string_view(key) == "Volumes") {
      // Sets encoded as maps of empty structs: only the keys carry meaning.
      ordered_json set = ordered_json::object();
      if (it->is_object()) {
        for (const auto& item : it->items()) set[item.key()] = ordered_json::object();
      }
      out[key] = std::move(set);
    } else {
      out[key] = ordered_json(*it);
    }
  }
  return out;
}

ordered_json history_entry(const json& in) {
  if (!in.is_object()) return ordered_json(in);
  ordered_json out = ordered_json::object();
  for (const char* key : {"created", "created_by", "author", "comment", "empty_layer"}) {
    const auto it = in.find(key);
    if (it == in.end() || is_empty(*it)) continue;
    if (std::string_view(key) == "created" && it->is_string()) {
      out[key] = go_time(it->get<std::string>());
    } else {
      out[key] = ordered_json(*it);
    }
  }
  return out;
}

}  // namespace

ordered_json oci_config_view(std::string_view config_bytes) {
  // nlohmann::json keeps object members sorted, as Go writes map keys.
  const json in = parse_image_config(config_bytes);
  ordered_json out = ordered_json::object();
  auto copy = [&](const char* key, bool omit_empty) {
    const auto it = in.find(key);
    if (it == in.end() || (omit_empty && is_empty(*it))) return;
    out[key] = ordered_json(*it);
  };
  if (const auto created = in.find("created"); created != in.end() && !created->is_null()) {
    out["created"] =
        created->is_string() ? ordered_json(go_time(created->get<std::string>())) : ordered_json(*created);
  }
  copy("author", true);
  copy("architecture", false);
  copy("os", false);
  copy("os.version", true);
  copy("os.features", true);
  copy("variant", true);
  // Docker configs keep the runtime config under "config" as well.
  const auto config = in.find("config");
  out["config"] = runtime_config(config == in.end() ? json() : *config);
  if (const auto rootfs = in.find("rootfs"); rootfs != in.end() && rootfs->is_object()) {
    ordered_json fs = ordered_json::object();
    if (const auto type = rootfs->find("type"); type != rootfs->end()) fs["type"] = ordered_json(*type);
    if (const auto ids = rootfs->find("diff_ids"); ids != rootfs->end()) fs["diff_ids"] = ordered_json(*ids);
    out["rootfs"] = std::move(fs);
  }
  if (const auto history = in.find("history"); history != in.end() && !is_empty(*history)) {
    ordered_json entries = ordered_json::array();
    if (history->is_array()) {
      for (const auto& entry : *history) entries.push_back(history_entry(entry));
    }
    out["history"] = std::move(entries);
  }
  return out;
}

}  // namespace ferry
