#include "app.hpp"

#include <ferry/core/error.hpp>

#include <filesystem>
#include <vector>
#include <unistd.h>

namespace ferry::cli {
namespace {

// Plugins live at ../lib/ferry/plugins (or ../lib/<multiarch>/ferry/plugins)
// relative to the executable, in the build tree and in an installed tree
// alike; a binary copied elsewhere still finds those of the prefix it was
// built for.
std::vector<std::filesystem::path> plugin_dirs() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path beside =
      (ec ? std::filesystem::path(".") : self.parent_path()) / FERRY_PLUGIN_RELATIVE_DIR;
  const std::filesystem::path installed = FERRY_PLUGIN_INSTALL_DIR;
  // The build tree's binary uses the build's plugins only: what an older
  // install holds would pass for part of this build (and its man pages).
  std::error_code same_ec;
  if (!ec && std::filesystem::equivalent(self.parent_path(), FERRY_BUILD_BIN_DIR, same_ec)) return {beside};
  if (std::filesystem::equivalent(beside, installed, same_ec)) return {beside};
  return {beside, installed};
}

}  // namespace

App::App(GlobalOptions g) : g_(std::move(g)) {
  register_builtin_plugins(host_);
  host_.discover(plugin_dirs());
}

ImageReference App::parse_image_name(const std::string& name) {
  auto colon = name.find(':');
  if (colon == std::string::npos)
    fail(FERRY_E_INVALID_ARGUMENT,
         "Invalid image name \"" + name + "\", expected colon-separated transport:reference");
  std::string transport = name.substr(0, colon);
  const Transport* t = nullptr;
  try {
    t = &host_.transport(transport);
  } catch (const Error& e) {
    if (e.code() == FERRY_E_INVALID_ARGUMENT)
      fail(FERRY_E_INVALID_ARGUMENT,
           "Invalid image name \"" + name + "\", unknown transport \"" + transport + "\"");
    throw;
  }
  return t->parse(name.substr(colon + 1));
}

Policy App::policy() {
  if (g_.insecure_policy) return Policy::accept_anything();
  PolicyScopeKinds kinds;
  for (const auto& [name, flags] : host_.declared_flags()) kinds[name] = policy_scope_kind(flags);
  try {
    return Policy::load_default(g_.policy, kinds);
  } catch (const Error& e) {
    fail(e.code(), std::string("Error loading trust policy: ") + e.what());
  }
}

Platform App::platform() const {
  return host_platform(g_.override_os, g_.override_arch, g_.override_variant);
}

void App::prepare_context(ferry_context& ctx) const {
  if (!g_.registries_conf.empty()) ctx.options["registries-conf"] = g_.registries_conf;
  if (!g_.registries_d.empty()) ctx.options["registries.d"] = g_.registries_d;
  if (!g_.user_agent_prefix.empty()) ctx.options["user-agent-prefix"] = g_.user_agent_prefix;
  if (g_.tls_verify) ctx.options["tls-verify"] = *g_.tls_verify ? "true" : "false";
  if (!g_.tmpdir.empty())
    ctx.tmpdir = g_.tmpdir;
  else if (const char* t = std::getenv("TMPDIR"))
    ctx.tmpdir = t;
}

}  // namespace ferry::cli
