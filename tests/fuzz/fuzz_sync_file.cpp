// sync's YAML file (cli/sync sync_file): parsed strictly, then every rule's
// tag filter asked about a few tags.
#include "fuzz_input.hpp"

#include "sync/sync_file.hpp"
#include "sync/tag_filter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ferry::cli::sync;
  std::vector<RegistryRules> registries;
  if (!ferry::fuzz::accepted(
          [&] { registries = parse_sync_file(std::string(ferry::fuzz::as_text(data, size)), "fuzz.yaml"); }))
    return 0;
  for (const auto& r : registries)
    for (const auto& rule : r.repositories) {
      const TagFilter keep = tag_filter(rule);
      for (const char* tag : {"latest", "1.2.3", "v2.0.0-rc1", "1.x", ""}) (void)keep(tag);
    }
  return 0;
}
