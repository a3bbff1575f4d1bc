#include "ferry/signature/payload.hpp"

#include <ferry/go_json/go_json.hpp>
#include "strict_json.hpp"

#include <cmath>
#include <string>

namespace ferry::signature {

// Informational only: readers record it and check nothing against it.
std::string creator() { return std::string("ferry ") + FERRY_SIGNATURE_CREATOR_VERSION; }

std::string write_payload(const Payload& p) {
  std::string out =
      "{\"critical\":{\"identity\":{\"docker-reference\":" + go_json::string(p.docker_reference) +
      "},\"image\":{\"docker-manifest-digest\":" + go_json::string(p.manifest_digest) +
      "},\"type\":" + go_json::string(p.type) + "},\"optional\":{";
  bool first = true;
  if (p.creator) {
    out += "\"creator\":" + go_json::string(*p.creator);
    first = false;
  }
  if (p.timestamp) out += std::string(first ? "" : ",") + "\"timestamp\":" + std::to_string(*p.timestamp);
  return out + "}}";
}

Payload read_payload(std::string_view json, std::string_view expected_type) {
  using namespace strict_json;
  const auto doc = parse(json, "the signature payload");
  expect_exact_keys(doc, {"critical", "optional"});
  Payload p;

  const auto& optional = doc["optional"];
  // cosign writes "optional": null; simple signing always has an object.
  if (!(optional.is_null() && expected_type == sigstore_type)) {
    if (!optional.is_object())
      invalid("JSON object expected, got \"" + std::string(optional.type_name()) + "\"");
    if (optional.contains("creator")) p.creator = string_field(optional, "creator", "optional.creator");
    if (optional.contains("timestamp")) {
      const auto& t = optional["timestamp"];
      if (!t.is_number()) invalid("Field optional.timestamp is not a number");
      const double v = t.get<double>();
      // containers/image's own text, doubled "is not" included.
      if (!std::isfinite(v) || std::trunc(v) != v || std::fabs(v) > 9.2e18)
        invalid("Field optional.timestamp is not is not an integer");
      p.timestamp = t.is_number_integer() ? t.get<int64_t>() : static_cast<int64_t>(v);
    }
  }

  const auto& critical = doc["critical"];
  expect_exact_keys(critical, {"type", "image", "identity"});
  p.type = string_field(critical, "type", "critical.type");
  if (p.type != expected_type) invalid("Unrecognized signature type " + go_json::printable(p.type));
  const auto& image = critical["image"];
  expect_exact_keys(image, {"docker-manifest-digest"});
  p.manifest_digest = string_field(image, "docker-manifest-digest", "critical.image.docker-manifest-digest");
  const auto& identity = critical["identity"];
  expect_exact_keys(identity, {"docker-reference"});
  p.docker_reference = string_field(identity, "docker-reference", "critical.identity.docker-reference");
  // Both end up in messages; no signature has a reason to hold control bytes.
  if (go_json::printable(p.manifest_digest) != p.manifest_digest ||
      go_json::printable(p.docker_reference) != p.docker_reference)
    invalid("the signature's digest or reference holds control characters");
  return p;
}

}  // namespace ferry::signature
