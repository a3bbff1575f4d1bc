#include "store_reference.hpp"

#include <ferry/docker_reference/docker_reference.hpp>
#include <ferry/plugin.hpp>

namespace ferry::plugins::cstore {
namespace {

[[noreturn]] void invalid(std::string_view text, const std::string& why) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                   "invalid containers-storage reference \"" + std::string(text) + "\": " + why);
}

// "[driver@graphroot+runroot:opt,opt]"; `inside` is what stands between the
// brackets. Cut as containers/image cuts it: the driver, then the options,
// then the run root; an empty graph or run root means storage.conf's.
StoreSpecifier parse_specifier(std::string_view inside, std::string_view text) {
  StoreSpecifier s;
  s.given = true;
  if (auto at = inside.find('@'); at != std::string_view::npos) {
    s.driver = inside.substr(0, at);
    inside = inside.substr(at + 1);
    if (s.driver.empty()) invalid(text, "the driver before \"@\" is empty");
  }
  if (auto colon = inside.find(':'); colon != std::string_view::npos) {
    std::string_view opts = inside.substr(colon + 1);
    inside = inside.substr(0, colon);
    while (!opts.empty()) {
      auto comma = opts.find(',');
      std::string_view o = opts.substr(0, comma);
      if (!o.empty()) s.options.emplace_back(o);
      if (comma == std::string_view::npos) break;
      opts.remove_prefix(comma + 1);
    }
  }
  if (auto plus = inside.find('+'); plus != std::string_view::npos) {
    s.run_root = inside.substr(plus + 1);
    inside = inside.substr(0, plus);
    if (!s.run_root.empty() && s.run_root[0] != '/') invalid(text, "the run root must be an absolute path");
  }
  s.graph_root = inside;
  if (!s.graph_root.empty() && s.graph_root[0] != '/')
    invalid(text, "the graph root must be an absolute path");
  return s;
}

}  // namespace

ImageName parse_image_name(std::string_view text) {
  ImageName n;
  n.text = text;
  std::string_view rest = text;
  if (!rest.empty() && rest[0] == '[') {
    auto close = rest.find(']');
    if (close == std::string_view::npos) invalid(text, "the store specifier has no closing \"]\"");
    n.store = parse_specifier(rest.substr(1, close - 1), text);
    rest.remove_prefix(close + 1);
  }
  // "@ID" or "NAME@ID": an image ID is 64 hex digits with no algorithm.
  if (auto at = rest.rfind('@'); at != std::string_view::npos && is_image_id(rest.substr(at + 1))) {
    n.id = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  if (rest.empty()) {
    if (!n.id) invalid(text, "no image name or ID");
    return n;
  }
  if (is_image_id(rest)) invalid(text, "a 64-hex image ID must be written \"@" + std::string(rest) + "\"");
  DockerReference ref =
      DockerReference::parse(rest, {.allow_tag_and_digest = true, .what = "containers-storage image name"});
  n.digest = ref.digest;
  n.name = ref.with_default_tag().str();
  return n;
}

std::string ImageName::to_string() const {
  std::string s;
  if (store.given) {
    s = "[";
    if (!store.driver.empty()) s += store.driver + "@";
    s += store.graph_root;
    if (!store.run_root.empty()) s += "+" + store.run_root;
    for (size_t i = 0; i < store.options.size(); ++i) s += (i ? "," : ":") + store.options[i];
    s += "]";
  }
  if (name) s += *name;
  if (id) s += "@" + *id;
  return s;
}

}  // namespace ferry::plugins::cstore
