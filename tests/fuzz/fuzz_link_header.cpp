// Link (plugins/docker link_header): where a registry says the next page of
// a tag list is. Read in one pass, so libFuzzer's -timeout catches a slow one.
#include "fuzz_input.hpp"

#include "link_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto header = ferry::fuzz::as_text(data, size);
  if (auto next = ferry::plugins::docker::next_link(header); next && next->size() > header.size())
    ferry::fuzz::broken("the next link is longer than the header it came from");
  return 0;
}
