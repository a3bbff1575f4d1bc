// Registry error answers (plugins/docker registry_errors): the body of a
// failed request, which only adds words to the error its status decides. The
// first two bytes pick the status, the rest is the body.
#include "fuzz_input.hpp"

#include "registry_errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int status = 100 + (data[0] << 8 | data[1]) % 500;
  const std::string body(ferry::fuzz::as_text(data + 2, size - 2));
  const auto error = ferry::plugins::docker::registry_error("reading manifest latest in r.example/x", status,
                                                            "Reason", body);
  if (error.code() == FERRY_OK) ferry::fuzz::broken("a registry error with status OK");
  (void)ferry::plugins::docker::error_code(body);
  return 0;
}
