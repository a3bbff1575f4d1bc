// What a signature says, trusting nothing: who it names as signer, what
// name and manifest digest its payload claims, and whether that digest is the
// image's. For `inspect --signatures` and the hidden
// untrusted-signature-dump-without-verification (skopeo's).
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace ferry::cli {

// One stored signature described against `manifest` (the image's bytes). A
// signature that cannot be read is described by its error.
nlohmann::ordered_json describe_signature(std::string_view stored, std::string_view manifest);

// skopeo's dump of a simple signature: Untrusted* fields, 4-space indented.
// Throws when the bytes are not a readable simple signature.
std::string untrusted_signature_dump(std::string_view stored);

}  // namespace ferry::cli
