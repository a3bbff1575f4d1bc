// The JSON a signature signs ("atomic container signature" for simple
// signing, "cosign container image signature" for sigstore): which manifest,
// under which name, plus who made it and when. Written exactly as Go's
// json.Marshal writes containers/image's nested maps; read as strictly as
// containers/image reads it, with its messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::signature {

inline constexpr std::string_view simple_signing_type = "atomic container signature";
inline constexpr std::string_view sigstore_type = "cosign container image signature";

struct Payload {
  std::string type;                    // one of the two above
  std::string manifest_digest;         // critical.image.docker-manifest-digest
  std::string docker_reference;        // critical.identity.docker-reference
  std::optional<std::string> creator;  // optional.creator
  std::optional<int64_t> timestamp;    // optional.timestamp (Unix seconds)
};

// One line, keys sorted, no whitespace, <>& escaped as \u003c \u003e \u0026.
std::string write_payload(const Payload& payload);

// Parses an untrusted payload and checks its type is `expected_type`. Throws
// sdk::Error(FERRY_E_INVALID_ARGUMENT) with containers/image's texts: `Key
// "optional" missing in a JSON object`, `Unknown key "x"`, `Duplicate key
// "x"`, `Field optional.timestamp is not is not an integer`, `Unrecognized
// signature type …`. Sigstore payloads may have "optional": null.
Payload read_payload(std::string_view json, std::string_view expected_type);

// The creator recorded in signatures ferry makes: "ferry <version>".
std::string creator();

}  // namespace ferry::signature
