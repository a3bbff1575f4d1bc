#include <ferry/core/registries_conf.hpp>

#include <nlohmann/json.hpp>

namespace ferry {

// Until registries.conf is read, every registry is its own single endpoint.
std::string registry_config_json(const ferry_context* ctx, const std::string& name) {
  (void)ctx;
  std::string host = name.substr(0, name.find('/'));
  nlohmann::ordered_json j;
  j["blocked"] = false;
  j["insecure"] = false;
  j["endpoints"] = nlohmann::json::array(
      {{{"location", host}, {"insecure", false}, {"mirror", false}, {"pull_from_mirror", "all"}}});
  j["user_agent"] = "ferry/" FERRY_VERSION;
  return j.dump();
}

}  // namespace ferry
