// Docker references (core docker_reference): what users, registries.conf and
// image stores name images with. A reference that parses must print as text
// that parses back to itself.
#include "fuzz_input.hpp"

#include <ferry/docker_reference/docker_reference.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = ferry::fuzz::as_text(data, size);
  ferry::is_valid_tag(text);
  for (bool tag_and_digest : {false, true}) {
    ferry::DockerReference ref;
    if (!ferry::fuzz::accepted(
            [&] { ref = ferry::DockerReference::parse(text, {.allow_tag_and_digest = tag_and_digest}); }))
      continue;
    const std::string printed = ref.with_default_tag().str();
    ferry::DockerReference again;
    if (!ferry::fuzz::accepted(
            [&] { again = ferry::DockerReference::parse(printed, {.allow_tag_and_digest = true}); }))
      ferry::fuzz::broken("a parsed reference prints as text that does not parse");
    if (again.str() != printed) ferry::fuzz::broken("a printed reference parses as another");
    (void)ref.repository();
  }
  return 0;
}
