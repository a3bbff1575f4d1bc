#include "ferry/docker_save/legacy_layers.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/plugin.hpp>
#include <ferry/json_input/parse.hpp>
#include <nlohmann/json.hpp>

#include <map>

namespace ferry::docker_save {

namespace {

using Json = nlohmann::ordered_json;

// Go's encoding/json escapes these even inside strings; matching it keeps the
// IDs equal to skopeo's. They can only occur inside strings, so a plain
// replacement is safe.
std::string go_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else if (c == '\xe2' && i + 2 < s.size() && s[i + 1] == '\x80' &&
             (s[i + 2] == '\xa8' || s[i + 2] == '\xa9')) {
      out += s[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// A Go map[string]any marshalled: keys sorted, values as given (already JSON).
std::string go_object(const std::map<std::string, std::string>& fields) {
  std::string s = "{";
  for (const auto& [k, v] : fields) s += (s.size() > 1 ? "," : "") + dump(Json(k)) + ":" + v;
  return go_escape(s + "}");
}

}  // namespace

std::vector<LegacyLayer> legacy_layers(const std::vector<std::string>& diff_ids, const std::string& config) {
  Json cfg = json_input::parse<Json>(config, json_input::limits::image_config, "the image config");
  if (!cfg.is_object()) throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the image config is not a JSON object");
  std::vector<LegacyLayer> out;
  std::string chain;
  for (size_t i = 0; i < diff_ids.size(); ++i) {
    std::map<std::string, std::string> fields;
    if (!out.empty()) fields["parent"] = dump(Json(out.back().id));
    if (i + 1 == diff_ids.size())
      for (const char* k :
           {"architecture", "config", "container", "container_config", "created", "docker_version", "os"})
        fields[k] = cfg.contains(k) ? dump(cfg[k]) : "null";
    // The chain ID as docker computes it; the ID is a digest of the JSON with it.
    chain = chain.empty() ? diff_ids[i] : Digest::of(chain + " " + diff_ids[i]).str();
    fields["layer_id"] = dump(Json(chain));
    std::string id = Digest::of(go_object(fields)).hex();
    fields.erase("layer_id");
    fields["id"] = dump(Json(id));
    out.push_back({id, go_object(fields)});
  }
  return out;
}

}  // namespace ferry::docker_save
