#include "registries_d.hpp"

#include <ferry/file_io/file_reader.hpp>
#include <ferry/plugin.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <system_error>
#include <unistd.h>

namespace ferry::plugins::docker {
namespace {

// A registries.d directory holds a few small files; these bound what a
// crafted one costs. Aliases let a small file repeat a section many times,
// so what is read is counted, not only what is written.
constexpr size_t max_file = 1 << 20;
constexpr size_t max_files = 1000;
constexpr size_t max_value = 4096;
constexpr size_t max_read = 16 << 20;

class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  [[noreturn]] void error(const YAML::Node& at, const std::string& what) const {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "parsing " + path_ + ": line " + std::to_string(at.Mark().line + 1) + ": " + what);
  }

  std::string scalar(const YAML::Node& n, const std::string& what) {
    if (n.IsNull()) return "";
    if (!n.IsScalar()) error(n, what + " must be a string");
    const std::string& s = n.Scalar();
    if (s.size() > max_value) error(n, what + " is longer than " + std::to_string(max_value) + " bytes");
    count(s.size());
    return s;
  }

  void count(size_t bytes) {
    read_ += bytes + 1;
    if (read_ > max_read)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "parsing " + path_ + ": the file names more than " +
                                                     std::to_string(max_read >> 20) + " MiB (aliases?)");
  }

  // The mapping's entries; a key given twice is an error, as in Go's yaml.
  std::vector<std::pair<std::string, YAML::Node>> entries(const YAML::Node& n, const std::string& what) {
    if (n.IsNull()) return {};
    if (!n.IsMap()) error(n, what + " must be a mapping");
    std::vector<std::pair<std::string, YAML::Node>> out;
    std::set<std::string> seen;
    for (const auto& kv : n) {
      std::string key = scalar(kv.first, "a key of " + what);
      if (!seen.insert(key).second) error(kv.first, "key \"" + key + "\" already set in " + what);
      out.emplace_back(key, kv.second);
    }
    return out;
  }

  // Unknown keys are ignored, as containers/image's JSON decoding does.
  LookasideSection section(const YAML::Node& n, const std::string& what) {
    LookasideSection s;
    for (const auto& [key, value] : entries(n, what)) {
      if (key == "lookaside") s.lookaside = scalar(value, what + ".lookaside");
      if (key == "lookaside-staging") s.lookaside_staging = scalar(value, what + ".lookaside-staging");
      if (key == "sigstore") s.sigstore = scalar(value, what + ".sigstore");
      if (key == "sigstore-staging") s.sigstore_staging = scalar(value, what + ".sigstore-staging");
      if (key == "use-sigstore-attachments" && !value.IsNull()) {
        bool b = false;
        if (!value.IsScalar() || !YAML::convert<bool>::decode(value, b))
          error(value, what + ".use-sigstore-attachments must be true or false");
        s.use_sigstore_attachments = b;
      }
    }
    return s;
  }

 private:
  std::string path_;
  size_t read_ = 0;
};

[[noreturn]] void defined_twice(const std::string& what, const std::string& now, const std::string& before) {
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "Error parsing signature storage configuration: " + what +
                                                 " defined both in \"" + now + "\" and \"" + before + "\"");
}

}  // namespace

std::string LookasideSection::url(bool write) const {
  if (write) {
    for (const std::string* u : {&lookaside_staging, &sigstore_staging, &lookaside, &sigstore})
      if (!u->empty()) return *u;
    return "";
  }
  return !lookaside.empty() ? lookaside : sigstore;
}

std::string RegistriesD::directory(const std::optional<std::string>& option) {
  if (option && !option->empty()) return *option;
  if (const char* home = std::getenv("HOME"); home && *home) {
    std::string user = std::string(home) + "/.config/containers/registries.d";
    std::error_code ec;
    if (std::filesystem::exists(user, ec)) return user;
  }
  return "/etc/containers/registries.d";
}

RegistriesD RegistriesD::load(const std::string& dir) {
  RegistriesD config;
  std::vector<std::string> names;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return config;
    throw sdk::Error(FERRY_E_IO, "reading registries.d directory " + dir + ": " + ec.message());
  }
  for (const auto& entry : it) {
    std::string name = entry.path().filename().string();
    if (name.size() > 5 && name.ends_with(".yaml")) names.push_back(name);
    if (names.size() > max_files)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "registries.d directory " + dir + " has more than " +
                                                     std::to_string(max_files) + " files");
  }
  // Sorted, so that which of two conflicting files is named first does not
  // depend on the file system.
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    std::optional<std::string> text;
    try {
      text = file_io::read_small_file(path, max_file);
    } catch (const sdk::Error& e) {
      throw sdk::Error(e.code(), "parsing " + path + ": " + e.what());
    }
    if (text) config.add_file(*text, path);
  }
  return config;
}

void RegistriesD::add_file(const std::string& text, const std::string& path) {
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "parsing " + path + ": line " + std::to_string(e.mark.line + 1) + ", column " +
                         std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg);
  }
  Reader reader(path);
  for (const auto& [key, value] : reader.entries(doc, "the file")) {
    if (key == "default-docker") {
      if (default_docker_) defined_twice("\"default-docker\"", path, default_docker_->file);
      default_docker_ = Placed{.section = reader.section(value, "default-docker"), .file = path};
    } else if (key == "docker") {
      for (const auto& [scope, section] : reader.entries(value, "docker")) {
        if (auto it = docker_.find(scope); it != docker_.end())
          defined_twice("\"docker\" namespace \"" + scope + "\"", path, it->second.file);
        docker_[scope] = Placed{.section = reader.section(section, "docker." + scope), .file = path};
      }
    }
  }
}

std::vector<const LookasideSection*> RegistriesD::sections(const std::vector<std::string>& scopes) const {
  std::vector<const LookasideSection*> out;
  for (const auto& scope : scopes)
    if (auto it = docker_.find(scope); it != docker_.end()) out.push_back(&it->second.section);
  if (default_docker_) out.push_back(&default_docker_->section);
  return out;
}

std::string RegistriesD::lookaside_url(const std::vector<std::string>& scopes, bool write) const {
  for (const LookasideSection* s : sections(scopes))
    if (std::string u = s->url(write); !u.empty()) return u;
  return builtin_lookaside();
}

bool RegistriesD::use_sigstore_attachments(const std::vector<std::string>& scopes) const {
  for (const LookasideSection* s : sections(scopes))
    if (s->use_sigstore_attachments) return *s->use_sigstore_attachments;
  return false;
}

std::string builtin_lookaside() {
  if (geteuid() == 0) return "file:///var/lib/containers/sigstore";
  const char* home = std::getenv("HOME");
  return "file://" + std::string(home ? home : "") + "/.local/share/containers/sigstore";
}

}  // namespace ferry::plugins::docker
