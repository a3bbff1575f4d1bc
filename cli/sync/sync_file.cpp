#include "sync/sync_file.hpp"

#include <ferry/core/error.hpp>
#include <ferry/file_io/file_reader.hpp>
#include <ferry/semver/semver.hpp>

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <set>

namespace ferry::cli::sync {
namespace {

// A mirror list is a few thousand lines; this bounds what a crafted file costs.
constexpr size_t max_sync_file = 4 << 20;
constexpr size_t max_value = 4096;

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void error(const YAML::Node& at, const std::string& what) const {
    fail(FERRY_E_INVALID_ARGUMENT, path_ + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  }

  std::string scalar(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) error(n, "\"" + key + "\" must be a string");
    const std::string& s = n.Scalar();
    if (s.size() > max_value)
      error(n, "\"" + key + "\" is longer than " + std::to_string(max_value) + " bytes");
    return s;
  }

  bool boolean(const YAML::Node& n, const std::string& key) const {
    bool b = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, b))
      error(n, "\"" + key + "\" must be true or false");
    return b;
  }

  // The mapping's entries in order; a repeated key is an error, as in Go's yaml.v3.
  std::vector<std::pair<std::string, YAML::Node>> entries(const YAML::Node& n,
                                                          const std::string& what) const {
    if (n.IsNull()) return {};
    if (!n.IsMap()) error(n, what + " must be a mapping");
    std::vector<std::pair<std::string, YAML::Node>> out;
    std::set<std::string> seen;
    for (const auto& kv : n) {
      const std::string key = scalar(kv.first, "key in " + what);
      if (!seen.insert(key).second) error(kv.first, "\"" + key + "\" appears twice in " + what);
      out.emplace_back(key, kv.second);
    }
    return out;
  }

  RegistryRules registry(const std::string& name, const YAML::Node& key, const YAML::Node& body) const {
    RegistryRules r;
    r.registry = name;
    r.line = key.Mark().line + 1;
    for (const auto& [k, v] : entries(body, "registry \"" + name + "\"")) {
      const std::string where = name + "." + k;
      if (k == "images") {
        for (const auto& [repo, refs] : entries(v, where)) {
          RepositoryRule rule;
          rule.repository = repo;
          rule.line = line_of(v, repo);
          if (!refs.IsNull()) {
            if (!refs.IsSequence())
              error(refs, "\"" + where + "." + repo + "\" must be a list of tags or digests");
            for (const auto& t : refs) rule.refs.push_back(scalar(t, where + "." + repo));
          }
          r.repositories.push_back(std::move(rule));
        }
      } else if (k == "images-by-tag-regex") {
        for (const auto& [repo, re] : entries(v, where)) {
          RepositoryRule rule;
          rule.repository = repo;
          rule.line = line_of(v, repo);
          rule.kind = RepositoryRule::Kind::tag_regex;
          rule.tag_regex = scalar(re, where + "." + repo);
          RE2 compiled(rule.tag_regex, RE2::Quiet);
          if (!compiled.ok())
            error(re, "\"" + where + "." + repo + "\": invalid regular expression \"" + rule.tag_regex +
                          "\": " + compiled.error());
          r.repositories.push_back(std::move(rule));
        }
      } else if (k == "images-by-semver") {
        for (const auto& [repo, c] : entries(v, where)) {
          RepositoryRule rule;
          rule.repository = repo;
          rule.line = line_of(v, repo);
          rule.kind = RepositoryRule::Kind::semver;
          rule.semver = scalar(c, where + "." + repo);
          try {
            semver::Constraint::parse(rule.semver);
          } catch (const std::invalid_argument& e) {
            error(c, "\"" + where + "." + repo + "\": invalid semver constraint \"" + rule.semver +
                         "\": " + e.what());
          }
          r.repositories.push_back(std::move(rule));
        }
      } else if (k == "credentials") {
        std::string user, pass;
        for (const auto& [ck, cv] : entries(v, where)) {
          if (ck == "username")
            user = scalar(cv, where + ".username");
          else if (ck == "password")
            pass = scalar(cv, where + ".password");
          else
            error(cv, "unknown key \"" + ck + "\" in " + where + " (expected username, password)");
        }
        if (user.empty() != pass.empty()) error(v, "\"" + where + "\" needs both username and password");
        if (!user.empty()) r.credentials.emplace(user, pass);
      } else if (k == "tls-verify") {
        r.tls_verify = boolean(v, where);
      } else if (k == "cert-dir") {
        r.cert_dir = scalar(v, where);
      } else {
        error(key_node(body, k), "unknown key \"" + k + "\" in registry \"" + name +
                                     "\" (expected images, images-by-tag-regex, images-by-semver, "
                                     "credentials, tls-verify, cert-dir)");
      }
    }
    return r;
  }

 private:
  static YAML::Node key_node(const YAML::Node& map, const std::string& key) {
    for (const auto& kv : map)
      if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.first;
    return map;
  }
  static int line_of(const YAML::Node& map, const std::string& key) {
    return key_node(map, key).Mark().line + 1;
  }

  std::string path_;
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
  if (doc.IsNull()) return out;
  for (const auto& [name, body] : reader.entries(doc, "the sync file")) {
    YAML::Node key;
    for (const auto& kv : doc)
      if (kv.first.Scalar() == name) key = kv.first;
    out.push_back(reader.registry(name, key, body));
  }
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
