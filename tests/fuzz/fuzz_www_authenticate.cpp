// WWW-Authenticate (plugins/docker www_authenticate): a registry's or token
// server's challenges. Each input line is one header value.
#include "fuzz_input.hpp"

#include "www_authenticate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = ferry::fuzz::as_text(data, size);
  std::vector<std::string> values;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    values.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (const auto& c : ferry::plugins::docker::parse_challenges(values)) {
    if (c.scheme.empty()) ferry::fuzz::broken("a challenge without a scheme");
    (void)c.param("realm");
  }
  return 0;
}
