#include "sync/sync_file.hpp"

#include "sync/tag_filter.hpp"

#include <ferry/core/error.hpp>
#include <ferry/file_io/file_reader.hpp>

#include <yaml-cpp/yaml.h>

#include <set>

namespace ferry::cli::sync {
namespace {

// A mirror list is a few thousand lines; these bound what a crafted file
// costs. Aliases let a small file name the same list many times, so what is
// read is counted, not only what is written.
constexpr size_t max_sync_file = 4 << 20;
constexpr size_t max_value = 4096;
constexpr size_t max_read = 64 << 20;

struct Entry {
  std::string key;
  YAML::Node key_node;  // for the line of messages
  YAML::Node value;
};

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void error(const YAML::Node& at, const std::string& what) const {
    fail(FERRY_E_INVALID_ARGUMENT, path_ + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  }

  std::string scalar(const YAML::Node& n, const std::string& key) {
    if (!n.IsScalar()) error(n, "\"" + key + "\" must be a string");
    const std::string& s = n.Scalar();
    if (s.size() > max_value)
      error(n, "\"" + key + "\" is longer than " + std::to_string(max_value) + " bytes");
    read_ += s.size() + 1;
    if (read_ > max_read)
      error(n, "the file names more than " + std::to_string(max_read >> 20) + " MiB of names (aliases?)");
    return s;
  }

  bool boolean(const YAML::Node& n, const std::string& key) const {
    bool b = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, b))
      error(n, "\"" + key + "\" must be true or false");
    return b;
  }

  // The mapping's entries in order; a repeated key is an error, as in Go's yaml.v3.
  std::vector<Entry> entries(const YAML::Node& n, const std::string& what) {
    if (n.IsNull()) return {};
    if (!n.IsMap()) error(n, what + " must be a mapping");
    std::vector<Entry> out;
    std::set<std::string> seen;
    for (const auto& kv : n) {
      std::string key = scalar(kv.first, "key in " + what);
      if (!seen.insert(key).second) error(kv.first, "\"" + key + "\" appears twice in " + what);
      out.push_back({std::move(key), kv.first, kv.second});
    }
    return out;
  }

  RegistryRules registry(const Entry& e) {
    RegistryRules r;
    r.registry = e.key;
    r.line = e.key_node.Mark().line + 1;
    for (const auto& [k, key, v] : entries(e.value, "registry \"" + e.key + "\"")) {
      const std::string where = e.key + "." + k;
      if (k == "images") {
        for (const auto& repo : entries(v, where)) r.repositories.push_back(listed(repo, where));
      } else if (k == "images-by-tag-regex") {
        for (const auto& repo : entries(v, where))
          r.repositories.push_back(matched(repo, where, RepositoryRule::Kind::tag_regex));
      } else if (k == "images-by-semver") {
        for (const auto& repo : entries(v, where))
          r.repositories.push_back(matched(repo, where, RepositoryRule::Kind::semver));
      } else if (k == "credentials") {
        r.credentials = credentials(v, where);
      } else if (k == "tls-verify") {
        r.tls_verify = boolean(v, where);
      } else if (k == "cert-dir") {
        r.cert_dir = scalar(v, where);
      } else {
        error(key, "unknown key \"" + k + "\" in registry \"" + e.key +
                       "\" (expected images, images-by-tag-regex, images-by-semver, credentials, tls-verify, "
                       "cert-dir)");
      }
    }
    return r;
  }

 private:
  static RepositoryRule rule_for(const Entry& repo, RepositoryRule::Kind kind) {
    RepositoryRule rule;
    rule.repository = repo.key;
    rule.line = repo.key_node.Mark().line + 1;
    rule.kind = kind;
    return rule;
  }

  // `images`: repo -> tags or digests ([] or nothing: every tag).
  RepositoryRule listed(const Entry& repo, const std::string& where) {
    RepositoryRule rule = rule_for(repo, RepositoryRule::Kind::images);
    const std::string name = where + "." + repo.key;
    if (repo.value.IsNull()) return rule;
    if (!repo.value.IsSequence()) error(repo.value, "\"" + name + "\" must be a list of tags or digests");
    for (const auto& t : repo.value) rule.refs.push_back(scalar(t, name));
    return rule;
  }

  // `images-by-tag-regex` / `images-by-semver`: repo -> a pattern, checked now.
  RepositoryRule matched(const Entry& repo, const std::string& where, RepositoryRule::Kind kind) {
    RepositoryRule rule = rule_for(repo, kind);
    const std::string name = where + "." + repo.key;
    rule.pattern = scalar(repo.value, name);
    if (auto why = pattern_error(rule))
      error(repo.value,
            "\"" + name + "\": invalid " +
                (kind == RepositoryRule::Kind::tag_regex ? "regular expression" : "semver constraint") +
                " \"" + rule.pattern + "\": " + *why);
    return rule;
  }

  std::optional<std::pair<std::string, std::string>> credentials(const YAML::Node& v,
                                                                 const std::string& where) {
    std::string user, pass;
    for (const auto& [ck, key, cv] : entries(v, where)) {
      if (ck == "username")
        user = scalar(cv, where + ".username");
      else if (ck == "password")
        pass = scalar(cv, where + ".password");
      else
        error(key, "unknown key \"" + ck + "\" in " + where + " (expected username, password)");
    }
    if (user.empty() != pass.empty()) error(v, "\"" + where + "\" needs both username and password");
    if (user.empty()) return std::nullopt;
    return std::make_pair(user, pass);
  }

  std::string path_;
  size_t read_ = 0;
};

}  // namespace

std::vector<RegistryRules> parse_sync_file(const std::string& text, const std::string& path) {
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // The parser's own words say what is wrong; the position is ours to add.
    fail(FERRY_E_INVALID_ARGUMENT, path + ":" + std::to_string(e.mark.line + 1) + ":" +
                                       std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg);
  }
  Reader reader(path);
  std::vector<RegistryRules> out;
  for (const auto& registry : reader.entries(doc, "the sync file")) out.push_back(reader.registry(registry));
  return out;
}

std::vector<RegistryRules> read_sync_file(const std::string& path) {
  std::optional<std::string> text;
  try {
    text = file_io::read_small_file(path, max_sync_file);
  } catch (const Error& e) {
    fail(e.code(), "reading the sync file " + path + ": " + e.what());
  }
  if (!text) fail(FERRY_E_INVALID_ARGUMENT, "the sync file " + path + " does not exist");
  return parse_sync_file(*text, path);
}

}  // namespace ferry::cli::sync
