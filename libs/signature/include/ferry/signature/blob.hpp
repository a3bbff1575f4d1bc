// A signature as transports store it (containers/image's signature.FromBlob):
// a simple signature is the bare OpenPGP message; anything else starts with a
// zero byte, a format name and "\n" ("\0sigstore-json\n{...}"). Every
// transport that keeps signatures stores exactly these bytes.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ferry::signature {

enum class Kind { simple_signing, sigstore };

// What a stored signature holds: the OpenPGP message, or the sigstore JSON
// object (without its "\0sigstore-json\n" prefix).
struct Blob {
  Kind kind = Kind::simple_signing;
  std::string data;
};

// Classifies stored bytes by their first byte, as skopeo does. Throws
// sdk::Error(FERRY_E_INVALID_ARGUMENT) "unrecognized signature format,
// starting with binary 0x2d" or "unrecognized signature format \"bogus\"".
Blob read_blob(std::string_view stored);

// The bytes to store: simple signatures bare, others with their prefix.
std::string stored_form(const Blob& blob);

// The media type of a sigstore signature payload, and the annotation that
// holds the base64 signature over it.
inline constexpr std::string_view sigstore_payload_type = "application/vnd.dev.cosign.simplesigning.v1+json";
inline constexpr std::string_view sigstore_signature_annotation = "dev.cosignproject.cosign/signature";

// A sigstore signature's JSON: {"mimeType":…,"payload":"<base64>","annotations":{…}}.
struct SigstoreSignature {
  std::string mime_type;
  std::string payload;  // decoded bytes
  std::map<std::string, std::string> annotations;
};

// Read as containers/image reads it (other keys ignored, missing ones empty),
// but a duplicate key or a payload that is not base64 is refused. Throws
// sdk::Error(FERRY_E_INVALID_ARGUMENT) naming what is wrong.
SigstoreSignature read_sigstore(std::string_view json);
// As containers/image writes it: mimeType, payload, annotations (sorted), one line.
std::string write_sigstore(const SigstoreSignature& signature);

}  // namespace ferry::signature
