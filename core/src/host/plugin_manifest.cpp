#include <ferry/core/error.hpp>
#include <ferry/core/plugin_manifest.hpp>

#include <fstream>
#include <sstream>

namespace ferry {

namespace fs = std::filesystem;

namespace {

const std::pair<uint32_t, const char*> type_names[] = {{FERRY_OPTION_BOOL, "bool"},
                                                       {FERRY_OPTION_STRING, "string"},
                                                       {FERRY_OPTION_INT, "int"},
                                                       {FERRY_OPTION_DURATION, "duration"},
                                                       {FERRY_OPTION_STRING_LIST, "string-list"}};
const std::pair<uint32_t, const char*> scope_names[] = {{FERRY_OPTION_SOURCE, "source"},
                                                        {FERRY_OPTION_DESTINATION, "destination"},
                                                        {FERRY_OPTION_IMAGE, "image"},
                                                        {FERRY_OPTION_LOGIN, "login"},
                                                        {FERRY_OPTION_SHARED, "shared"}};

const std::pair<uint32_t, const char*> flag_names[] = {
    {FERRY_TRANSPORT_REPOSITORY_TAGS, "repository-tags"},
    {FERRY_TRANSPORT_POLICY_SCOPE_REGISTRY, "policy-scope-registry"},
    {FERRY_TRANSPORT_POLICY_SCOPE_PATH, "policy-scope-path"},
    {FERRY_TRANSPORT_POLICY_SCOPE_NONE, "policy-scope-none"},
    {FERRY_TRANSPORT_POLICY_SCOPE_NAME_OR_ID, "policy-scope-name-or-id"},
    {FERRY_TRANSPORT_POLICY_SCOPE_STORE, "policy-scope-store"}};

std::string scopes_text(uint32_t scope) {
  std::string out;
  for (const auto& [bit, name] : scope_names)
    if (scope & bit) out += (out.empty() ? "" : ",") + std::string(name);
  return out.empty() ? "none" : out;
}

}  // namespace

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
    } else if (key == "option") {
      OptionSpec o;
      std::string type, scopes;
      words >> o.name >> type >> scopes >> o.value_name;
      if (o.value_name.empty()) bad("an option needs TRANSPORT NAME TYPE SCOPES VALUE_NAME HELP");
      if (o.value_name == "-") o.value_name.clear();
      bool known_type = false;
      for (const auto& [bit, name] : type_names)
        if (type == name) o.type = bit, known_type = true;
      if (!known_type) bad("unknown option type \"" + type + "\"");
      std::istringstream scope_list(scopes);
      for (std::string s; std::getline(scope_list, s, ',');) {
        bool known = s == "none";
        for (const auto& [bit, name] : scope_names)
          if (s == name) o.scope |= bit, known = true;
        if (!known) bad("unknown option scope \"" + s + "\"");
      }
      std::getline(words >> std::ws, o.help);
      m.options[value].push_back(std::move(o));
    } else if (key == "flags") {
      std::string names;
      words >> names;
      uint32_t& flags = m.flags[value];
      std::istringstream list(names);
      for (std::string f; std::getline(list, f, ',');)
        for (const auto& [bit, name] : flag_names)
          if (f == name) flags |= bit;
    }  // Unknown keys are ignored so that manifests can grow.
  }
  if (m.library.empty())
    fail(FERRY_E_INVALID_ARGUMENT, "plugin manifest " + file.string() + " names no library");
  if (m.transports.empty())
    fail(FERRY_E_INVALID_ARGUMENT, "plugin manifest " + file.string() + " names no transport");
  return m;
}

std::string format_plugin_manifest(const std::string& library,
                                   const std::vector<const Transport*>& transports) {
  std::string out = "# ferry plugin manifest: written by ferry-plugin-manifest from the plugin's tables\n";
  out += "abi " + std::to_string(FERRY_ABI_MAJOR) + "\nlibrary " + library + "\n";
  for (const Transport* t : transports) out += "transport " + t->name() + "\n";
  for (const Transport* t : transports) {
    std::string flags;
    for (const auto& [bit, name] : flag_names)
      if (t->flags() & bit) flags += (flags.empty() ? "" : ",") + std::string(name);
    if (!flags.empty()) out += "flags " + t->name() + " " + flags + "\n";
    for (const auto& o : t->options()) {
      const char* type = "string";
      for (const auto& [bit, name] : type_names)
        if (o.type == bit) type = name;
      out += "option " + t->name() + " " + o.name + " " + type + " " + scopes_text(o.scope) + " " +
             (o.value_name.empty() ? "-" : o.value_name) + " " + o.help + "\n";
    }
  }
  return out;
}

}  // namespace ferry
