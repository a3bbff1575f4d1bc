#include "store_settings.hpp"

#include <ferry/plugin.hpp>

#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ferry::plugins::cstore {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxConfBytes = 1 << 20;

Driver driver_named(const std::string& name, const std::string& where) {
  if (name == "overlay" || name == "overlay2") return Driver::overlay;
  if (name == "vfs") return Driver::vfs;
  throw sdk::Error(FERRY_E_NOT_SUPPORTED,
                   "storage driver \"" + name + "\" (" + where +
                       ") is not supported by ferry; it writes overlay and vfs stores");
}

fs::path conf_path() {
  if (const char* env = std::getenv("CONTAINERS_STORAGE_CONF"); env && *env) return env;
  for (const char* p : {"/etc/containers/storage.conf", "/usr/share/containers/storage.conf"})
    if (fs::exists(p)) return p;
  return {};
}

// Reads [storage] driver, graphroot, runroot and options.additionalimagestores.
// Returns the driver named there, empty when none.
std::string read_conf(const fs::path& path, StoreSettings& s) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sdk::Error(FERRY_E_IO, "cannot read storage configuration " + path.string());
  std::string text(kMaxConfBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxConfBytes)
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "storage configuration " + path.string() + " is larger than 1 MiB");
  toml::table t;
  try {
    t = toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << e.source().begin;
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "storage configuration " + path.string() +
                                                   " is not valid TOML (at " + where.str() + ")");
  }
  auto storage = t["storage"];
  if (auto v = storage["graphroot"].value<std::string>(); v && !v->empty()) s.graph_root = *v;
  if (auto v = storage["runroot"].value<std::string>(); v && !v->empty()) s.run_root = *v;
  if (auto stores = storage["options"]["additionalimagestores"].as_array())
    for (const auto& e : *stores)
      if (auto p = e.value<std::string>(); p && !p->empty()) s.additional_image_stores.emplace_back(*p);
  return storage["driver"].value_or(std::string());
}

// With no driver named anywhere, containers/storage picks one: keep what the
// store already holds, else overlay.
Driver detect_driver(const fs::path& graph_root) {
  std::error_code ec;
  if (!fs::exists(graph_root / "overlay-layers", ec) && fs::exists(graph_root / "vfs-layers", ec))
    return Driver::vfs;
  return Driver::overlay;
}

}  // namespace

StoreSettings resolve_store(const StoreSpecifier& spec) {
  StoreSettings s;
  std::string driver;
  std::string driver_origin;
  if (fs::path conf = conf_path(); !conf.empty()) {
    driver = read_conf(conf, s);
    driver_origin = conf.string();
  }
  if (!spec.graph_root.empty()) s.graph_root = spec.graph_root;
  if (!spec.run_root.empty()) s.run_root = spec.run_root;
  if (!spec.driver.empty()) {
    driver = spec.driver;
    driver_origin = "the reference";
  }
  if (const char* env = std::getenv("STORAGE_DRIVER"); env && *env && spec.driver.empty()) {
    driver = env;
    driver_origin = "$STORAGE_DRIVER";
  }
  s.driver = driver.empty() ? detect_driver(s.graph_root) : driver_named(driver, driver_origin);
  if (!s.graph_root.is_absolute() || !s.run_root.is_absolute())
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "the store's graph root and run root must be absolute paths");
  return s;
}

}  // namespace ferry::plugins::cstore
