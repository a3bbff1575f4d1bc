#include <ferry/core/error.hpp>
#include <ferry/core/log.hpp>
#include <ferry/core/plugin_host.hpp>

#include <boost/dll/shared_library.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace ferry {

namespace fs = std::filesystem;

const std::vector<std::string>& known_transport_names() {
  static const std::vector<std::string> names = {
      "containers-storage", "dir",    "docker", "docker-archive", "docker-daemon", "oci",
      "oci-archive",        "ostree", "sif",    "tarball"};
  return names;
}

PluginHost::PluginHost() = default;
PluginHost::~PluginHost() = default;

void PluginHost::discover(const std::vector<fs::path>& default_dirs) {
  if (const char* env = std::getenv("FERRY_PLUGIN_PATH")) {
    std::istringstream dirs(env);
    for (std::string d; std::getline(dirs, d, ':');) {
      if (d.empty()) continue;
      searched_.push_back(d + " (from FERRY_PLUGIN_PATH)");
      scan_directory(d);
    }
  }
  for (const auto& d : default_dirs) {
    std::error_code ec;
    fs::path shown = fs::weakly_canonical(d, ec);
    searched_.push_back((ec ? d : shown).string() + " (the plugin directory)");
    scan_directory(d);
  }
}

void PluginHost::note_build_choice(const std::string& transport, BuildChoice choice, std::string detail,
                                   std::string package) {
  std::lock_guard lock(mutex_);
  build_choices_[transport] = {choice, std::move(detail), std::move(package)};
}

void PluginHost::fail_missing(const std::string& name) const {
  std::string where;
  for (const auto& d : searched_) where += (where.empty() ? "" : ", ") + d;
  if (where.empty()) where = "no directory";
  const std::string head = "the transport \"" + name + ":\" is not installed: ";
  if (auto c = build_choices_.find(name); c != build_choices_.end()) {
    const BuildNote& note = c->second;
    if (note.choice == BuildChoice::left_out)
      fail(FERRY_E_NOT_SUPPORTED, head + "this ferry was built without it (" + note.detail +
                                      "), and no plugin for it was found in " + where);
    // Where ferry came as Debian packages, a missing module is a package not installed.
    const std::string package =
        note.package.empty() ? "" : "; ferry's Debian packages ship it in " + note.package;
    fail(FERRY_E_NOT_SUPPORTED, head + "this ferry was built with it as a plugin, but its file " +
                                    note.detail + " is missing from " + where + package);
  }
  const auto& known = known_transport_names();
  if (std::find(known.begin(), known.end(), name) != known.end())
    fail(FERRY_E_NOT_SUPPORTED, head +
                                    "this version of ferry does not implement it, and no "
                                    "third-party plugin for it was found in " +
                                    where);
  fail(FERRY_E_INVALID_ARGUMENT, "unknown transport \"" + name + "\"");
}

void PluginHost::scan_directory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".plugin") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::lock_guard lock(mutex_);
  for (const auto& f : files) {
    try {
      PluginManifest m = read_plugin_manifest(f);
      for (const auto& t : m.transports)
        if (!routes_.count(t) && !builtin_routes_.count(t)) routes_[t] = m;
    } catch (const Error& e) {
      log_message(LogLevel::warn, e.what());
    }
  }
}

void PluginHost::add_builtin(ferry_plugin_entry_fn entry, const std::vector<std::string>& transports) {
  std::lock_guard lock(mutex_);
  for (const auto& t : transports) {
    builtin_routes_[t] = entry;
    routes_.erase(t);
  }
}

std::vector<std::string> PluginHost::installed_transports() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [t, m] : routes_) names.push_back(t);
  for (const auto& [t, e] : builtin_routes_) names.push_back(t);
  for (const auto& [t, loaded] : transports_) names.push_back(t);  // also those loaded directly
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void PluginHost::register_plugin(const std::string& origin, ferry_plugin_entry_fn entry) {
  ferry_error err;
  const ferry_plugin_info* info = nullptr;
  ferry_status st = FERRY_E_INTERNAL;
  try {
    st = entry(&host_table(), &info, &err);
  } catch (...) {
    // A C plugin cannot throw; a C++ one that bypassed the SDK might.
    fail(FERRY_E_ABI, "plugin " + origin + " threw an exception from its entry point");
  }
  if (st != FERRY_OK) {
    std::string why =
        err.message.empty() ? "its entry point returned status " + std::to_string(st) : err.message;
    fail(FERRY_E_ABI, "plugin " + origin + " refused to load: " + why + " (host ABI " +
                          std::to_string(FERRY_ABI_MAJOR) + "." + std::to_string(FERRY_ABI_MINOR) + ")");
  }
  if (!info || info->struct_size < offsetof(ferry_plugin_info, transports) + sizeof(info->transports))
    fail(FERRY_E_ABI, "plugin " + origin + " returned no usable descriptor");
  if (info->abi_major != FERRY_ABI_MAJOR)
    fail(FERRY_E_ABI, "plugin " + origin + " was built for ferry ABI " + std::to_string(info->abi_major) +
                          "." + std::to_string(info->abi_minor) + ", but this ferry speaks ABI " +
                          std::to_string(FERRY_ABI_MAJOR) + "." + std::to_string(FERRY_ABI_MINOR));
  std::string plugin_name = info->name ? info->name : origin;
  // Every table is checked before any transport is registered: a plugin is
  // taken whole or refused whole.
  std::vector<std::unique_ptr<Transport>> offered;
  for (uint32_t i = 0; i < info->transport_count; ++i) {
    const ferry_transport* t = info->transports[i];
    if (!t || !t->name || !t->reference) {
      log_message(LogLevel::warn, "plugin " + origin + " declares a malformed transport; ignored");
      continue;
    }
    offered.push_back(std::make_unique<Transport>(t, plugin_name, origin, info->abi_minor));
  }
  for (auto& t : offered) transports_.try_emplace(t->name(), std::move(t));
}

void PluginHost::load_library(const fs::path& library, const fs::path& manifest_file) {
  namespace dll = boost::dll;
  // Plugins are never unloaded: the tables and strings they hand out stay
  // valid for the life of the process. RTLD_NODELETE says so to the dynamic
  // loader, so `lib` closes its handle on return and nothing is kept on the heap.
  const auto mode = dll::load_mode::rtld_now | dll::load_mode::rtld_local |
                    static_cast<dll::load_mode::type>(RTLD_NODELETE);
  dll::shared_library lib;
  dll::fs::error_code ec;
  lib.load(dll::fs::path(library.string()), mode, ec);
  if (ec) {
    std::string via = manifest_file.empty() ? "" : " (named by " + manifest_file.string() + ")";
    fail(FERRY_E_ABI, "cannot load plugin " + library.string() + via + ": " + ec.message());
  }
  if (!lib.has(FERRY_PLUGIN_ENTRY_NAME)) {
    // Look for an entry of another major to say which version it was built for.
    for (int major = 0; major < 16; ++major) {
      std::string sym = "ferry_plugin_entry_v" + std::to_string(major);
      if (major != FERRY_ABI_MAJOR && lib.has(sym))
        fail(FERRY_E_ABI, "plugin " + library.string() + " was built for ferry ABI " + std::to_string(major) +
                              ", but this ferry speaks ABI " + std::to_string(FERRY_ABI_MAJOR) + "." +
                              std::to_string(FERRY_ABI_MINOR));
    }
    fail(FERRY_E_ABI, "plugin " + library.string() + " has no " FERRY_PLUGIN_ENTRY_NAME " entry point");
  }
  ferry_plugin_entry_fn entry =
      &lib.get<std::remove_pointer_t<ferry_plugin_entry_fn>>(FERRY_PLUGIN_ENTRY_NAME);
  std::lock_guard lock(mutex_);
  register_plugin(library.string(), entry);
}

const Transport& PluginHost::transport(const std::string& name) {
  std::unique_lock lock(mutex_);
  if (auto it = transports_.find(name); it != transports_.end()) return *it->second;
  if (auto b = builtin_routes_.find(name); b != builtin_routes_.end()) {
    register_plugin("builtin " + name, b->second);
  } else if (auto r = routes_.find(name); r != routes_.end()) {
    PluginManifest m = r->second;
    lock.unlock();
    load_library(m.library, m.file);
    lock.lock();
    auto loaded = transports_.find(name);
    if (loaded != transports_.end()) warn_if_manifest_differs(m, *loaded->second);
  } else {
    fail_missing(name);
  }
  auto it = transports_.find(name);
  if (it == transports_.end())
    fail(FERRY_E_ABI, "the plugin for transport \"" + name + "\" loaded but does not provide it");
  return *it->second;
}

void PluginHost::warn_if_manifest_differs(const PluginManifest& m, const Transport& t) const {
  auto listed = m.options.find(t.name());
  std::vector<OptionSpec> from_manifest =
      listed == m.options.end() ? std::vector<OptionSpec>{} : listed->second;
  auto flags = m.flags.find(t.name());
  const uint32_t flags_from_manifest = flags == m.flags.end() ? 0 : flags->second;
  if (from_manifest == t.options() && flags_from_manifest == t.flags()) return;
  log_message(LogLevel::warn, "the options or flags " + m.file.string() + " lists for \"" + t.name() +
                                  "\" differ from those its plugin declares; flags may be missing "
                                  "until it is regenerated with ferry-plugin-manifest");
}

std::map<std::string, std::vector<OptionSpec>> PluginHost::declared_options() {
  std::map<std::string, std::vector<OptionSpec>> out;
  for (const auto& name : installed_transports()) {
    std::unique_lock lock(mutex_);
    if (auto loaded = transports_.find(name); loaded != transports_.end()) {
      out[name] = loaded->second->options();
    } else if (auto r = routes_.find(name); r != routes_.end()) {
      auto listed = r->second.options.find(name);
      if (listed != r->second.options.end()) out[name] = listed->second;
    } else {
      lock.unlock();
      out[name] = transport(name).options();  // built in: its table is at hand
    }
  }
  return out;
}

std::map<std::string, uint32_t> PluginHost::declared_flags() {
  std::map<std::string, uint32_t> out;
  for (const auto& name : installed_transports()) {
    std::unique_lock lock(mutex_);
    if (auto loaded = transports_.find(name); loaded != transports_.end()) {
      out[name] = loaded->second->flags();
    } else if (auto r = routes_.find(name); r != routes_.end()) {
      auto listed = r->second.flags.find(name);
      out[name] = listed == r->second.flags.end() ? 0 : listed->second;
    } else {
      lock.unlock();
      out[name] = transport(name).flags();  // built in: its table is at hand
    }
  }
  return out;
}

const Transport& PluginHost::login_transport() {
  for (const auto& name : installed_transports()) {
    try {
      const Transport& t = transport(name);
      if (t.can_check_login()) return t;
    } catch (const Error&) {
      // A plugin that does not load cannot check logins either.
    }
  }
  fail(FERRY_E_NOT_SUPPORTED, "no installed transport can log in to a registry");
}

}  // namespace ferry
