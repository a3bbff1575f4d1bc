// Docker schema 1: reading its layers, and the payload under its JWS signature.
#include "manifest/manifest_schema1.hpp"

#include <ferry/core/error.hpp>
#include <ferry/media_types.hpp>

#include <ferry/json_input/parse.hpp>
#include <nlohmann/json.hpp>

namespace ferry::detail {
namespace {

using nlohmann::json;

[[noreturn]] void bad_schema1(const std::string& why) {
  fail(FERRY_E_INVALID_ARGUMENT, "invalid schema 1 manifest: " + why);
}

// JOSE uses unpadded base64url; accept padding and the standard alphabet too.
std::string base64url_decode(std::string_view text, const std::string& what) {
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-' || c == '+') return 62;
    if (c == '_' || c == '/') return 63;
    return -1;
  };
  while (text.ends_with('=')) text.remove_suffix(1);
  std::string out;
  uint32_t bits = 0;
  int nbits = 0;
  for (char c : text) {
    const int v = value_of(c);
    if (v < 0) bad_schema1(what + " is not base64url: \"" + std::string(text) + "\"");
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out.push_back(static_cast<char>((bits >> nbits) & 0xff));
    }
  }
  return out;
}

// The manifest and the JSON texts inside it (v1Compatibility, the JWS
// header) are held to the limits for manifests.
json parse_json(std::string_view bytes, const std::string& what) {
  try {
    return json_input::parse(bytes, json_input::limits::manifest, what);
  } catch (const json_input::Error& e) {
    bad_schema1(e.what());
  }
}

bool is_throwaway(const json& history_entry, size_t index) {
  const std::string where = "history[" + std::to_string(index) + "].v1Compatibility";
  const auto v1 = history_entry.find("v1Compatibility");
  if (v1 == history_entry.end() || !v1->is_string()) bad_schema1(where + " must be a string");
  const json compat = parse_json(v1->get<std::string>(), where);
  const auto throwaway = compat.find("throwaway");
  return throwaway != compat.end() && throwaway->is_boolean() && throwaway->get<bool>();
}

}  // namespace

ImageManifest parse_schema1_manifest(std::string_view bytes, std::string_view mime) {
  const json doc = parse_json(bytes, "the manifest");
  if (!doc.is_object()) bad_schema1("not a JSON object");
  const auto version = doc.find("schemaVersion");
  if (version == doc.end() || !version->is_number_integer() || version->get<int>() != 1) {
    bad_schema1("field \"schemaVersion\" must be 1");
  }
  const auto fs_layers = doc.find("fsLayers");
  const auto history = doc.find("history");
  if (fs_layers == doc.end() || !fs_layers->is_array()) {
    bad_schema1("field \"fsLayers\" is missing or not an array");
  }
  if (history == doc.end() || !history->is_array()) {
    bad_schema1("field \"history\" is missing or not an array");
  }
  if (fs_layers->size() != history->size()) {
    bad_schema1("fsLayers has " + std::to_string(fs_layers->size()) + " entries but history has " +
                std::to_string(history->size()));
  }
  if (fs_layers->empty()) bad_schema1("it has no layers");

  ImageManifest m;
  m.media_type = mime;
  m.config.media_type.clear();  // schema 1 has no config blob
  m.config.size = -1;
  // fsLayers and history list the newest layer first; ferry wants base first.
  for (size_t i = fs_layers->size(); i-- > 0;) {
    m.empty_layers.push_back(is_throwaway((*history)[i], i));
    const auto& entry = (*fs_layers)[i];
    const std::string where = "fsLayers[" + std::to_string(i) + "].blobSum";
    const auto blob_sum = entry.find("blobSum");
    if (blob_sum == entry.end() || !blob_sum->is_string()) bad_schema1(where + " must be a string");
    Descriptor layer;
    layer.media_type = media::docker_layer_gzip;
    try {
      layer.digest = Digest::parse(blob_sum->get<std::string>());
    } catch (const Error& e) {
      bad_schema1(where + ": " + e.what());
    }
    layer.size = -1;
    m.layers.push_back(std::move(layer));
  }
  return m;
}

std::string schema1_signed_payload(std::string_view bytes) {
  const json doc = parse_json(bytes, "the signed manifest");
  const auto signatures = doc.find("signatures");
  if (signatures == doc.end() || !signatures->is_array() || signatures->empty()) {
    bad_schema1("field \"signatures\" is missing or empty");
  }
  const auto& first = (*signatures)[0];
  const auto protected_field = first.find("protected");
  if (protected_field == first.end() || !protected_field->is_string()) {
    bad_schema1("signatures[0].protected is missing");
  }
  const std::string header_text =
      base64url_decode(protected_field->get<std::string>(), "signatures[0].protected");
  const json header = parse_json(header_text, "signatures[0].protected");
  const auto length = header.find("formatLength");
  const auto tail = header.find("formatTail");
  if (length == header.end() || !length->is_number() || tail == header.end() || !tail->is_string()) {
    bad_schema1("signatures[0].protected lacks formatLength or formatTail");
  }
  const auto format_length = length->get<int64_t>();
  if (format_length < 0 || static_cast<uint64_t>(format_length) > bytes.size()) {
    bad_schema1("formatLength " + std::to_string(format_length) + " is outside the manifest (" +
                std::to_string(bytes.size()) + " bytes)");
  }
  return std::string(bytes.substr(0, static_cast<size_t>(format_length))) +
         base64url_decode(tail->get<std::string>(), "formatTail");
}

}  // namespace ferry::detail
