#include <ferry/core/error.hpp>
#include <ferry/core/log.hpp>
#include <ferry/core/plugin_host.hpp>

#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ferry {

namespace fs = std::filesystem;

const std::vector<std::string>& known_transport_names() {
  static const std::vector<std::string> names = {
      "containers-storage", "dir", "docker", "docker-archive", "docker-daemon",
      "oci", "oci-archive", "ostree", "sif", "tarball"};
  return names;
}

PluginManifest read_plugin_manifest(const fs::path& file) {
  std::ifstream in(file);
  if (!in) fail(FERRY_E_IO, "cannot read plugin manifest " + file.string());
  PluginManifest m;
  m.file = file;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key, value;
    words >> key >> value;
    auto bad = [&](const std::string& why) {
      fail(FERRY_E_INVALID_ARGUMENT,
           "plugin manifest " + file.string() + " line " + std::to_string(line_no) + ": " + why);
    };
    if (value.empty()) bad("\"" + key + "\" needs a value");
    if (key == "abi") {
      try {
        m.abi_major = std::stoi(value);
      } catch (const std::exception&) {
        bad("abi must be a number");
      }
    } else if (key == "library") {
      if (value.find('/') != std::string::npos) bad("library must be a file name beside the manifest");
      m.library = file.parent_path() / value;
    } else if (key == "transport") {
      m.transports.push_back(value);
    }  // Unknown keys are ignored so that manifests can grow.
  }
  if (m.library.empty()) fail(FERRY_E_INVALID_ARGUMENT, "plugin manifest " + file.string() + " names no library");
  if (m.transports.empty())
    fail(FERRY_E_INVALID_ARGUMENT, "plugin manifest " + file.string() + " names no transport");
  return m;
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

void PluginHost::note_build_choice(const std::string& transport, BuildChoice choice,
                                   std::string detail) {
  std::lock_guard lock(mutex_);
  build_choices_[transport] = {choice, std::move(detail)};
}

void PluginHost::fail_missing(const std::string& name) const {
  std::string where;
  for (const auto& d : searched_) where += (where.empty() ? "" : ", ") + d;
  if (where.empty()) where = "no directory";
  const std::string head = "the transport \"" + name + ":\" is not installed: ";
  if (auto c = build_choices_.find(name); c != build_choices_.end()) {
    if (c->second.first == BuildChoice::left_out)
      fail(FERRY_E_NOT_SUPPORTED, head + "this ferry was built without it (" + c->second.second +
                                      "), and no plugin for it was found in " + where);
    fail(FERRY_E_NOT_SUPPORTED, head + "this ferry was built with it as a plugin, but its file " +
                                    c->second.second + " is missing from " + where);
  }
  const auto& known = known_transport_names();
  if (std::find(known.begin(), known.end(), name) != known.end())
    fail(FERRY_E_NOT_SUPPORTED, head + "this version of ferry does not implement it, and no "
                                    "third-party plugin for it was found in " + where);
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

void PluginHost::add_builtin(const std::string& name, ferry_plugin_entry_fn entry,
                             const std::vector<std::string>& transports) {
  std::lock_guard lock(mutex_);
  (void)name;
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
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void PluginHost::register_plugin(const std::string& origin, ferry_plugin_entry_fn entry,
                                 std::shared_ptr<void> keep_alive) {
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
    std::string why = err.message.empty() ? "its entry point returned status " + std::to_string(st)
                                          : err.message;
    fail(FERRY_E_ABI, "plugin " + origin + " refused to load: " + why + " (host ABI " +
                          std::to_string(FERRY_ABI_MAJOR) + "." + std::to_string(FERRY_ABI_MINOR) + ")");
  }
  if (!info || info->struct_size < offsetof(ferry_plugin_info, transports) + sizeof(info->transports))
    fail(FERRY_E_ABI, "plugin " + origin + " returned no usable descriptor");
  if (info->abi_major != FERRY_ABI_MAJOR)
    fail(FERRY_E_ABI, "plugin " + origin + " was built for ferry ABI " + std::to_string(info->abi_major) +
                          "." + std::to_string(info->abi_minor) + ", but this ferry speaks ABI " +
                          std::to_string(FERRY_ABI_MAJOR) + "." + std::to_string(FERRY_ABI_MINOR));
  if (keep_alive) libraries_.push_back(std::move(keep_alive));
  std::string plugin_name = info->name ? info->name : origin;
  for (uint32_t i = 0; i < info->transport_count; ++i) {
    const ferry_transport* t = info->transports[i];
    if (!t || !t->name || !t->reference) {
      log_message(LogLevel::warn, "plugin " + origin + " declares a malformed transport; ignored");
      continue;
    }
    if (!transports_.count(t->name))
      transports_[t->name] = std::make_unique<Transport>(t, plugin_name, origin, info->abi_minor);
  }
}

void PluginHost::load_library(const fs::path& library, const fs::path& manifest_file) {
  namespace dll = boost::dll;
  auto lib = std::make_shared<dll::shared_library>();
  boost::system::error_code ec;
  lib->load(dll::fs::path(library.string()), dll::load_mode::rtld_now | dll::load_mode::rtld_local, ec);
  if (ec) {
    std::string via = manifest_file.empty() ? "" : " (named by " + manifest_file.string() + ")";
    fail(FERRY_E_ABI, "cannot load plugin " + library.string() + via + ": " + ec.message());
  }
  if (!lib->has(FERRY_PLUGIN_ENTRY_NAME)) {
    // Look for an entry of another major to say which version it was built for.
    for (int major = 0; major < 16; ++major) {
      std::string sym = "ferry_plugin_entry_v" + std::to_string(major);
      if (major != FERRY_ABI_MAJOR && lib->has(sym))
        fail(FERRY_E_ABI, "plugin " + library.string() + " was built for ferry ABI " +
                              std::to_string(major) + ", but this ferry speaks ABI " +
                              std::to_string(FERRY_ABI_MAJOR) + "." + std::to_string(FERRY_ABI_MINOR));
    }
    fail(FERRY_E_ABI, "plugin " + library.string() + " has no " FERRY_PLUGIN_ENTRY_NAME " entry point");
  }
  ferry_plugin_entry_fn entry =
      &lib->get<std::remove_pointer_t<ferry_plugin_entry_fn>>(FERRY_PLUGIN_ENTRY_NAME);
  // Plugins are never unloaded: tables and strings they handed out stay valid.
  std::shared_ptr<void> keep(new std::shared_ptr<dll::shared_library>(lib), [](void*) {});
  std::lock_guard lock(mutex_);
  register_plugin(library.string(), entry, keep);
}

const Transport& PluginHost::transport(const std::string& name) {
  std::unique_lock lock(mutex_);
  if (auto it = transports_.find(name); it != transports_.end()) return *it->second;
  if (auto b = builtin_routes_.find(name); b != builtin_routes_.end()) {
    register_plugin("builtin " + name, b->second, nullptr);
  } else if (auto r = routes_.find(name); r != routes_.end()) {
    PluginManifest m = r->second;
    lock.unlock();
    load_library(m.library, m.file);
    lock.lock();
  } else {
    fail_missing(name);
  }
  auto it = transports_.find(name);
  if (it == transports_.end())
    fail(FERRY_E_ABI, "the plugin for transport \"" + name + "\" loaded but does not provide it");
  return *it->second;
}

}  // namespace ferry
