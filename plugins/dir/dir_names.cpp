#include "dir_names.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::dir {

namespace {

bool algorithm_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '_' || c == '-';
}

bool hex_char(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// Only what cannot form a path ("..", "/") gets through.
std::pair<std::string, std::string> split(std::string_view digest, std::string_view where) {
  auto fail = [&](const char* why) -> std::pair<std::string, std::string> {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "invalid digest \"" + std::string(digest) + "\" in " + std::string(where) + ": " + why);
  };
  size_t colon = digest.find(':');
  if (colon == std::string_view::npos || colon == 0) return fail("expected algorithm:hex");
  std::string_view algo = digest.substr(0, colon), hex = digest.substr(colon + 1);
  for (char c : algo)
    if (!algorithm_char(c) || c == '.') return fail("bad algorithm name");
  if (hex.empty()) return fail("no hex digits");
  for (char c : hex)
    if (!hex_char(c)) return fail("the part after the algorithm must be lower-case hex");
  if (algo == "sha256" && hex.size() != 64) return fail("sha256 needs 64 hex digits");
  return {std::string(algo), std::string(hex)};
}

std::string instance_hex(const std::string& instance) {
  return split(instance, "the instance digest").second;
}

}  // namespace

std::string blob_file(std::string_view digest, std::string_view where) {
  auto [algo, hex] = split(digest, where);
  return algo == "sha256" ? hex : algo + "-" + hex;
}

std::string manifest_file(const std::optional<std::string>& instance) {
  return instance ? instance_hex(*instance) + ".manifest.json" : "manifest.json";
}

std::string signature_file(const std::optional<std::string>& instance, uint32_t index) {
  std::string n = "signature-" + std::to_string(uint64_t{index} + 1);
  return instance ? instance_hex(*instance) + "." + n : n;
}

}  // namespace ferry::plugins::dir
