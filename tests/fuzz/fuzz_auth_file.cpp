// auth.json (core credentials): the user's auth files and Docker's, read as
// the file is (within the limits for auth files, a JSON object), then asked
// for a few registries, as auth.json and as the legacy ~/.dockercfg. No
// credential helper is run: the answer only names it.
#include "fuzz_input.hpp"

#include <ferry/core/credentials.hpp>
#include <ferry/json_input/parse.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ferry;
  nlohmann::json file;
  if (!fuzz::accepted([&] {
        file = json_input::parse(fuzz::as_text(data, size), json_input::limits::auth_file, "auth file");
      }))
    return 0;
  if (!file.is_object()) return 0;  // refused by the reader before any lookup
  for (bool dockercfg : {false, true})
    for (const char* registry : {"docker.io/library/busybox", "r.example:5000/a/b", "index.docker.io"}) {
      const AuthFileAnswer answer = auth_file_answer(file, dockercfg, registry);
      if (answer.stored && !answer.helper.empty()) fuzz::broken("both stored credentials and a helper");
    }
  (void)credential_keys(std::string(fuzz::as_text(data, std::min<size_t>(size, 300))));
  return 0;
}
