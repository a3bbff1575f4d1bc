// Stopgap until libs/signature's implementation is merged: the four
// functions of ferry/signature/blob.hpp the docker plugin uses.
#include <ferry/plugin.hpp>
#include <ferry/signature/blob.hpp>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace ferry::signature {

Blob read_blob(std::string_view stored) {
  if (stored.empty()) throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "empty signature");
  auto first = static_cast<unsigned char>(stored[0]);
  if (first != 0) return Blob{.kind = Kind::simple_signing, .data = std::string(stored)};
  auto nl = stored.find('\n');
  std::string_view name = stored.substr(1, nl == std::string_view::npos ? 0 : nl - 1);
  if (name == "simple-signing")
    return Blob{.kind = Kind::simple_signing, .data = std::string(stored.substr(nl + 1))};
  if (name == "sigstore-json")
    return Blob{.kind = Kind::sigstore, .data = std::string(stored.substr(nl + 1))};
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "unrecognized signature format \"" + std::string(name) + "\"");
}

std::string stored_form(const Blob& blob) {
  if (blob.kind == Kind::simple_signing) return blob.data;
  return std::string("\0sigstore-json\n", 15) + blob.data;
}

SigstoreSignature read_sigstore(std::string_view json) {
  auto j = nlohmann::json::parse(json);
  SigstoreSignature s;
  s.mime_type = j.value("mimeType", "");
  std::istringstream in(j.value("payload", ""));
  Poco::Base64Decoder dec(in);
  s.payload.assign(std::istreambuf_iterator<char>(dec), {});
  if (j.contains("annotations") && j["annotations"].is_object())
    s.annotations = j["annotations"].get<std::map<std::string, std::string>>();
  return s;
}

std::string write_sigstore(const SigstoreSignature& signature) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out);
  enc.rdbuf()->setLineLength(0);
  enc << signature.payload;
  enc.close();
  nlohmann::ordered_json j;
  j["mimeType"] = signature.mime_type;
  j["payload"] = out.str();
  j["annotations"] = signature.annotations;
  return j.dump();
}

}  // namespace ferry::signature
