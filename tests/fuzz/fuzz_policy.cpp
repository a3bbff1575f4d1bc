// policy.json (core policy): parsed strictly, then asked for the requirements
// of a few transports and scopes.
#include "fuzz_input.hpp"

#include <ferry/core/policy.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ferry;
  Policy policy = Policy::accept_anything();
  if (!fuzz::accepted([&] { policy = Policy::parse(std::string(fuzz::as_text(data, size)), "fuzz.json"); }))
    return 0;
  for (const char* transport : {"docker", "oci", "dir"})
    for (const char* scope :
         {"", "docker.io/library/busybox:latest", "/srv/layout", "r.example:5000/a/b@sha256:00"})
      (void)policy.requirements_for(transport, scope);
  return 0;
}
