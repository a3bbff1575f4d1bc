// A stored signature (what dir:, a lookaside or an attachment hands back):
// classified, its sigstore JSON and signed payload read strictly. What is
// accepted is written back and must read the same.
#include "fuzz_input.hpp"

#include <ferry/signature/blob.hpp>
#include <ferry/signature/payload.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ferry::signature;
  const std::string_view text = ferry::fuzz::as_text(data, size);
  Blob blob;
  if (!ferry::fuzz::accepted([&] { blob = read_blob(text); })) return 0;
  std::string payload = blob.data;
  if (blob.kind == Kind::sigstore) {
    SigstoreSignature s;
    if (!ferry::fuzz::accepted([&] { s = read_sigstore(blob.data); })) return 0;
    const SigstoreSignature again = read_sigstore(write_sigstore(s));
    if (again.payload != s.payload || again.annotations != s.annotations || again.mime_type != s.mime_type)
      ferry::fuzz::broken("a sigstore signature reads back differently");
    payload = s.payload;
  }
  // Simple-signing data is an OpenPGP message, not JSON; the payload reader
  // gets its bytes anyway, as a crafted signature could carry anything.
  for (auto type : {simple_signing_type, sigstore_type}) {
    Payload p;
    if (!ferry::fuzz::accepted([&] { p = read_payload(payload, type); })) continue;
    const Payload q = read_payload(write_payload(p), type);
    if (q.manifest_digest != p.manifest_digest || q.docker_reference != p.docker_reference ||
        q.creator != p.creator || q.timestamp != p.timestamp)
      ferry::fuzz::broken("a payload reads back differently");
  }
  return 0;
}
