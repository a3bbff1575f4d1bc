// Descriptors and platforms to and from JSON.
#include "manifest/descriptor.hpp"

#include <ferry/core/error.hpp>

namespace ferry::detail {
namespace {

using nlohmann::json;

[[noreturn]] void bad_field(const std::string& where, const std::string& field, const std::string& why) {
  fail(FERRY_E_INVALID_ARGUMENT, where + ": field \"" + field + "\" " + why);
}

std::string optional_string(const json& obj, const char* key, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_string()) bad_field(where, key, "must be a string");
  return it->get<std::string>();
}

std::vector<std::string> optional_strings(const json& obj, const char* key, const std::string& where) {
  std::vector<std::string> out;
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) bad_field(where, key, "must be an array of strings");
  for (const auto& item : *it) {
    if (!item.is_string()) bad_field(where, key, "must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Platform parse_platform(const json& j, const std::string& where) {
  if (!j.is_object()) bad_field(where, "platform", "must be an object");
  const std::string here = where + ".platform";
  Platform p;
  p.architecture = optional_string(j, "architecture", here);
  p.os = optional_string(j, "os", here);
  p.os_version = optional_string(j, "os.version", here);
  p.os_features = optional_strings(j, "os.features", here);
  p.variant = optional_string(j, "variant", here);
  return p;
}

nlohmann::ordered_json platform_json(const Platform& p) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  if (!p.architecture.empty()) out["architecture"] = p.architecture;
  if (!p.os.empty()) out["os"] = p.os;
  if (!p.os_version.empty()) out["os.version"] = p.os_version;
  if (!p.os_features.empty()) out["os.features"] = p.os_features;
  if (!p.variant.empty()) out["variant"] = p.variant;
  return out;
}

}  // namespace

std::map<std::string, std::string> parse_annotations(const json& parent, const std::string& where) {
  std::map<std::string, std::string> out;
  const auto it = parent.find("annotations");
  if (it == parent.end() || it->is_null()) return out;
  if (!it->is_object()) bad_field(where, "annotations", "must be an object of strings");
  for (const auto& [key, value] : it->items()) {
    if (!value.is_string()) bad_field(where, "annotations." + key, "must be a string");
    out.emplace(key, value.get<std::string>());
  }
  return out;
}

Descriptor parse_descriptor(const json& j, const std::string& where) {
  if (!j.is_object()) fail(FERRY_E_INVALID_ARGUMENT, where + ": must be a JSON object");
  Descriptor d;
  d.media_type = optional_string(j, "mediaType", where);

  const auto digest = j.find("digest");
  if (digest == j.end()) bad_field(where, "digest", "is missing");
  if (!digest->is_string()) bad_field(where, "digest", "must be a string");
  try {
    d.digest = Digest::parse(digest->get<std::string>());
  } catch (const Error& e) {
    fail(FERRY_E_INVALID_ARGUMENT, where + ": " + e.what());
  }

  const auto size = j.find("size");
  if (size == j.end()) bad_field(where, "size", "is missing");
  if (!size->is_number_integer() || size->get<int64_t>() < 0) {
    bad_field(where, "size", "must be a non-negative integer, not " + size->dump());
  }
  d.size = size->get<int64_t>();

  d.urls = optional_strings(j, "urls", where);
  d.annotations = parse_annotations(j, where);
  if (const auto platform = j.find("platform"); platform != j.end() && !platform->is_null()) {
    d.platform = parse_platform(*platform, where);
  }
  return d;
}

nlohmann::ordered_json descriptor_json(const Descriptor& d, bool oci_family) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["mediaType"] = d.media_type;
  // The containers tools write Docker descriptors size-first; match them so
  // a conversion gives byte-identical manifests.
  if (oci_family) {
    out["digest"] = d.digest.str();
    out["size"] = d.size;
  } else {
    out["size"] = d.size;
    out["digest"] = d.digest.str();
  }
  if (!d.urls.empty()) out["urls"] = d.urls;
  if (oci_family && !d.annotations.empty()) out["annotations"] = d.annotations;
  if (d.platform) out["platform"] = platform_json(*d.platform);
  return out;
}

}  // namespace ferry::detail
