#include "ferry/image_from_files/made_image.hpp"

#include "ferry/image_from_files/go_json.hpp"

#include <ferry/go_json/go_json.hpp>

#include <ferry/media_types.hpp>

namespace ferry::image_from_files {

namespace {

std::string string_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + go_json::string(items[i]);
  return out + "]";
}

std::string history_json(const HistoryEntry& h) {
  std::string out = "{";
  auto member = [&out](const char* name, const std::string& value) {
    if (out.size() > 1) out += ',';
    out += std::string("\"") + name + "\":" + value;
  };
  if (!h.created.empty()) member("created", h.created);
  if (!h.created_by.empty()) member("created_by", go_json::string(h.created_by));
  if (!h.comment.empty()) member("comment", go_json::string(h.comment));
  if (h.empty_layer) member("empty_layer", "true");
  return out + "}";
}

std::string descriptor_json(std::string_view media_type, const std::string& digest, int64_t size) {
  return "{\"mediaType\":" + go_json::string(media_type) + ",\"digest\":" + go_json::string(digest) +
         ",\"size\":" + std::to_string(size) + "}";
}

}  // namespace

std::string config_json(const MadeConfig& c) {
  std::string out = "{";
  if (!c.created.empty()) out += "\"created\":" + c.created + ",";
  out += "\"architecture\":" + go_json::string(c.architecture) + ",\"os\":" + go_json::string(c.os);
  out += ",\"config\":{";
  if (!c.cmd.empty()) out += "\"Cmd\":" + string_list(c.cmd);
  out += "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":" + string_list(c.diff_ids) + "}";
  if (!c.history.empty()) {
    out += ",\"history\":[";
    for (size_t i = 0; i < c.history.size(); ++i) out += (i ? "," : "") + history_json(c.history[i]);
    out += "]";
  }
  return out + "}";
}

std::string manifest_json(const std::string& config_digest, int64_t config_size,
                          const std::vector<LayerDescriptor>& layers, bool with_media_type) {
  std::string out = "{\"schemaVersion\":2,";
  if (with_media_type) out += "\"mediaType\":" + go_json::string(media::oci_manifest) + ",";
  out += "\"config\":" + descriptor_json(media::oci_config, config_digest, config_size) + ",\"layers\":[";
  for (size_t i = 0; i < layers.size(); ++i)
    out += (i ? "," : "") + descriptor_json(layers[i].media_type, layers[i].digest, layers[i].size);
  return out + "]}";
}

}  // namespace ferry::image_from_files
