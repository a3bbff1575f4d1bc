// registries.conf (core registries_conf): TOML, v2 [[registry]] tables or v1
// lists, merged over an earlier file as drop-ins are, then asked which entry
// serves a few names.
#include "fuzz_input.hpp"

#include "config/registries_conf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ferry;
  RegistriesConf conf;
  conf.merge_text("[[registry]]\nprefix = \"example.com/foo\"\nlocation = \"mirror.example/foo\"\n",
                  "base.conf");
  if (!fuzz::accepted([&] { conf.merge_text(std::string(fuzz::as_text(data, size)), "fuzz.conf"); }))
    return 0;
  for (const char* name :
       {"example.com/foo/bar", "docker.io/library/busybox", "a.b.example:5000/x", "localhost"}) {
    if (const RegistryEntry* e = conf.find(name); e && e->prefix.empty())
      fuzz::broken("an entry without a prefix");
  }
  return 0;
}
