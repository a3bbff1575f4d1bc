#include "ferry/signature/blob.hpp"

#include <ferry/go_json/go_json.hpp>
#include "strict_json.hpp"

#include <ferry/base64.hpp>

#include <cstdio>

namespace ferry::signature {
namespace {

constexpr std::string_view sigstore_format = "sigstore-json";
constexpr std::string_view simple_format = "simple-signing";

// The first bytes of a bare OpenPGP message: a compressed-data, one-pass
// signature or signature packet, in old or new packet format.
bool starts_openpgp(uint8_t b) {
  switch (b) {
    case 0xa0:
    case 0xa1:
    case 0xa2:
    case 0xa3:
    case 0xc8:  // compressed data
    case 0x90:
    case 0x91:
    case 0x92:
    case 0x3d:
    case 0xc4:  // one-pass signature
    case 0x88:
    case 0x89:
    case 0x8a:
    case 0x8b:
    case 0xc2:  // signature
      return true;
    default:
      return false;
  }
}

}  // namespace

Blob read_blob(std::string_view stored) {
  if (stored.empty()) strict_json::invalid("unrecognized signature format: the signature is empty");
  const auto first = static_cast<uint8_t>(stored[0]);
  if (starts_openpgp(first)) return {.kind = Kind::simple_signing, .data = std::string(stored)};
  if (first != 0) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", first);
    strict_json::invalid(std::string("unrecognized signature format, starting with binary ") + hex);
  }
  const auto newline = stored.find('\n');
  if (newline == std::string_view::npos) strict_json::invalid("invalid signature format, missing newline");
  const std::string_view format = stored.substr(1, newline - 1);
  const std::string_view rest = stored.substr(newline + 1);
  if (format == simple_format) return {.kind = Kind::simple_signing, .data = std::string(rest)};
  if (format == sigstore_format) return {.kind = Kind::sigstore, .data = std::string(rest)};
  // Printed through the JSON string writer: a crafted name cannot carry
  // control bytes to the terminal.
  strict_json::invalid("unrecognized signature format " + go_json::string(format.substr(0, 64)));
}

std::string stored_form(const Blob& blob) {
  if (blob.kind == Kind::simple_signing) return blob.data;
  std::string out(1, '\0');
  out.append(sigstore_format).append("\n").append(blob.data);
  return out;
}

SigstoreSignature read_sigstore(std::string_view json) {
  // As containers/image decodes it: a plain object whose other keys are
  // ignored and whose missing ones are empty; the payload is the bytes of its
  // base64.
  using namespace strict_json;
  const auto doc = parse(json, "the sigstore signature");
  if (!doc.is_object()) invalid("the sigstore signature is not a JSON object");
  SigstoreSignature s;
  if (doc.contains("mimeType")) s.mime_type = string_field(doc, "mimeType", "mimeType");
  if (doc.contains("payload") && !doc["payload"].is_null()) {
    auto payload = base64::decode(string_field(doc, "payload", "payload"));
    if (!payload) invalid("the sigstore signature's payload is not base64");
    s.payload = std::move(*payload);
  }
  if (doc.contains("annotations") && !doc["annotations"].is_null()) {
    const auto& annotations = doc["annotations"];
    if (!annotations.is_object()) invalid("Field annotations is not an object");
    for (const auto& [key, value] : annotations.items()) {
      if (!value.is_string()) invalid("Field annotations." + key + " is not a string");
      s.annotations[key] = value.get<std::string>();
    }
  }
  return s;
}

std::string write_sigstore(const SigstoreSignature& s) {
  std::string out = "{\"mimeType\":" + go_json::string(s.mime_type) + ",\"payload\":\"" +
                    base64::encode(s.payload) + "\",\"annotations\":{";
  bool first = true;
  for (const auto& [key, value] : s.annotations) {  // std::map: sorted, as Go writes maps
    if (!first) out += ',';
    out += go_json::string(key) + ':' + go_json::string(value);
    first = false;
  }
  return out + "}}";
}

}  // namespace ferry::signature
