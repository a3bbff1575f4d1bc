// Registry credentials: auth.json / config.json / .dockercfg lookup, credential
// helpers (through a fake docker-credential-fake script), the file search
// order, and what login/logout write.
#include "config/credential_helper.hpp"
#include <ferry/core/credentials.hpp>
#include <ferry/core/error.hpp>
#include <ferry/core/host_objects.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace ferry {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ------------------------------------------------------------------ fixtures

// Sets environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  ~ScopedEnv() {
    for (const auto& [name, old] : saved_) {
      if (old)
        ::setenv(name.c_str(), old->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }
  void set(const std::string& name, const std::string& value) {
    remember(name);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  void unset(const std::string& name) {
    remember(name);
    ::unsetenv(name.c_str());
  }

 private:
  void remember(const std::string& name) {
    if (saved_.count(name)) return;
    const char* v = std::getenv(name.c_str());
    saved_[name] = v ? std::optional<std::string>(v) : std::nullopt;
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::trunc);
  out << text;
}

// Every test gets a private directory, and an environment in which none of the
// auth file variables points outside it.
class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ferry-creds.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    env_.set("HOME", (dir_ / "home").string());
    env_.set("XDG_RUNTIME_DIR", (dir_ / "run").string());
    env_.unset("XDG_CONFIG_HOME");
    env_.unset("DOCKER_CONFIG");
    env_.unset("REGISTRY_AUTH_FILE");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path write(const std::string& rel, const std::string& text) {
    fs::path p = dir_ / rel;
    write_text(p, text);
    return p;
  }

  // Installs docker-credential-<name> in a directory put first on PATH. It
  // logs "<verb> <stdin>" lines to helper.log, knows reg.example.com (and
  // Docker Hub's URL), keeps what `store` sends in helper.stored and answers
  // anything else with the protocol's "not found".
  void install_fake_helper(const std::string& name = "fake") {
    fs::path bin = dir_ / "bin";
    fs::create_directories(bin);
    fs::path script = bin / ("docker-credential-" + name);
    std::string d = dir_.string();
    write_text(script,
               "#!/bin/sh\n"
               "verb=$1\n"
               "input=$(cat)\n"
               "printf '%s %s\\n' \"$verb\" \"$input\" >>'" +
                   d +
                   "/helper.log'\n"
                   "case $verb in\n"
                   "get)\n"
                   "  case $input in\n"
                   "  reg.example.com) printf "
                   "'{\"ServerURL\":\"%s\",\"Username\":\"helperuser\",\"Secret\":\"helpersecret\"}\\n' "
                   "\"$input\" ;;\n"
                   "  broken.example.com) echo 'error talking to the keyring'; exit 1 ;;\n"
                   "  *) echo 'credentials not found in native keychain'; exit 1 ;;\n"
                   "  esac ;;\n"
                   "store) printf '%s' \"$input\" >'" +
                   d +
                   "/helper.stored' ;;\n"
                   "erase) ;;\n"
                   "*) exit 2 ;;\n"
                   "esac\n");
    fs::permissions(script, fs::perms::owner_all);
    const char* path = std::getenv("PATH");
    env_.set("PATH", bin.string() + ":" + (path ? path : "/usr/bin:/bin"));
  }
  std::string helper_log() { return read_text(dir_ / "helper.log"); }

  fs::path dir_;
  ScopedEnv env_;
};

json read_json(const fs::path& p) { return json::parse(read_text(p)); }

// ------------------------------------------------------------ credential_keys

TEST(CredentialKeys, MostSpecificFirst) {
  EXPECT_EQ(credential_keys("reg.io:5000/ns/sub/repo"),
            (std::vector<std::string>{"reg.io:5000/ns/sub/repo", "reg.io:5000/ns/sub", "reg.io:5000/ns",
                                      "reg.io:5000"}));
  EXPECT_EQ(credential_keys("reg.io/ns/repo"),
            (std::vector<std::string>{"reg.io/ns/repo", "reg.io/ns", "reg.io"}));
  EXPECT_EQ(credential_keys("reg.io:5000"), (std::vector<std::string>{"reg.io:5000"}));
}

TEST(CredentialKeys, DockerHubNamesFolded) {
  EXPECT_EQ(credential_keys("https://index.docker.io/v1/"), (std::vector<std::string>{"docker.io"}));
  EXPECT_EQ(credential_keys("index.docker.io"), (std::vector<std::string>{"docker.io"}));
  EXPECT_EQ(credential_keys("docker.io/library/busybox"),
            (std::vector<std::string>{"docker.io/library/busybox", "docker.io/library", "docker.io"}));
}

// Only URL-style keys lose their path ("/v1/", "/v2/"): a repository named v2
// keeps its own key, as containers/image's normalizeAuthFileKey does.
TEST(CredentialKeys, RepositoryNamedV2KeepsItsKey) {
  EXPECT_EQ(credential_keys("reg.io/team/v2"),
            (std::vector<std::string>{"reg.io/team/v2", "reg.io/team", "reg.io"}));
}

// ------------------------------------------------------- credentials_from_file

TEST_F(CredentialsTest, MissingFileHasNoCredentials) {
  EXPECT_FALSE(credentials_from_file(dir_ / "nope.json", "reg.io").has_value());
}

TEST_F(CredentialsTest, HostKeyServesEveryRepository) {
  auto f = write("auth.json", R"({"auths":{"reg.io":{"auth":"aHU6aHA="}}})");
  for (const char* r : {"reg.io", "reg.io/ns", "reg.io/ns/repo"}) {
    auto c = credentials_from_file(f, r);
    ASSERT_TRUE(c.has_value()) << r;
    EXPECT_EQ(c->user, "hu") << r;
    EXPECT_EQ(c->secret, "hp") << r;
  }
  EXPECT_FALSE(credentials_from_file(f, "other.io/ns/repo").has_value());
  // A port is part of the host: reg.io's credentials are not reg.io:5000's.
  EXPECT_FALSE(credentials_from_file(f, "reg.io:5000/ns/repo").has_value());
}

TEST_F(CredentialsTest, MostSpecificKeyWins) {
  auto f = write("auth.json", R"({"auths":{
      "reg.io":{"auth":"aHU6aHA="},
      "reg.io/ns":{"auth":"bnU6bnA="},
      "reg.io/ns/repo":{"auth":"cnU6cnA="},
      "reg.io/other":{"auth":"b3U6b3A="}}})");
  EXPECT_EQ(credentials_from_file(f, "reg.io/ns/repo")->user, "ru");
  EXPECT_EQ(credentials_from_file(f, "reg.io/ns/repo")->secret, "rp");
  EXPECT_EQ(credentials_from_file(f, "reg.io/ns/repo2")->user, "nu");
  EXPECT_EQ(credentials_from_file(f, "reg.io/ns/sub/repo")->user, "nu");
  EXPECT_EQ(credentials_from_file(f, "reg.io/other/x")->user, "ou");
  // Keys match whole path components: "reg.io/ns" is not a prefix of "reg.io/nsx".
  EXPECT_EQ(credentials_from_file(f, "reg.io/nsx/repo")->user, "hu");
  EXPECT_EQ(credentials_from_file(f, "reg.io/x")->user, "hu");
}

TEST_F(CredentialsTest, SecretMayContainColons) {
  auto f = write("auth.json", R"({"auths":{"reg.io":{"auth":"dXNlcjpwYTpzcw=="}}})");
  auto c = credentials_from_file(f, "reg.io/a");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user, "user");
  EXPECT_EQ(c->secret, "pa:ss");
}

TEST_F(CredentialsTest, UrlStyleKeys) {
  auto f = write("config.json", R"({"auths":{
      "https://index.docker.io/v1/":{"auth":"ZHU6ZHA="},
      "http://reg.io:5000/":{"auth":"eDp5"}}})");
  auto hub = credentials_from_file(f, "docker.io/library/busybox");
  ASSERT_TRUE(hub.has_value());
  EXPECT_EQ(hub->user, "du");
  EXPECT_EQ(hub->secret, "dp");
  auto local = credentials_from_file(f, "reg.io:5000/ns/repo");
  ASSERT_TRUE(local.has_value());
  EXPECT_EQ(local->user, "x");
  EXPECT_FALSE(credentials_from_file(f, "quay.io/ns/repo").has_value());
}

TEST_F(CredentialsTest, IdentityToken) {
  auto f = write("auth.json",
                 R"({"auths":{"reg.io":{"auth":"dG9rdXNlcjo=","identitytoken":"refresh-token-123"}}})");
  auto c = credentials_from_file(f, "reg.io/ns/repo");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user, "<token>");
  EXPECT_EQ(c->secret, "refresh-token-123");
}

TEST_F(CredentialsTest, MalformedFileIsAnErrorNamingTheFile) {
  auto bad = write("bad/auth.json", R"({"auths": {"reg.io": )");
  try {
    credentials_from_file(bad, "reg.io/x");
    FAIL() << "no error for a malformed auth file";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
  }
  auto array = write("array/auth.json", "[1,2]");
  try {
    credentials_from_file(array, "reg.io/x");
    FAIL() << "no error for an auth file that is not an object";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(array.string()), std::string::npos) << e.what();
  }
}

TEST_F(CredentialsTest, LegacyDockercfg) {
  // ~/.dockercfg: the map of registries is the whole file, keys are URLs.
  auto f = write("home/.dockercfg", R"({"https://reg.io/v1/":{"auth":"bHU6bHA=","email":"me@example.com"}})");
  auto c = credentials_from_file(f, "reg.io/ns/repo");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user, "lu");
  EXPECT_EQ(c->secret, "lp");
  EXPECT_FALSE(credentials_from_file(f, "other.io/ns/repo").has_value());
}

// The key "reg.io/team/v2" names one repository, not the namespace: its
// credentials are not sent for reg.io/team/other.
TEST_F(CredentialsTest, RepositoryKeyNamedV2IsNotANamespaceKey) {
  auto f = write("auth.json", R"({"auths":{"reg.io/team/v2":{"auth":"YTpi"}}})");
  EXPECT_FALSE(credentials_from_file(f, "reg.io/team/other").has_value());
  ASSERT_TRUE(credentials_from_file(f, "reg.io/team/v2").has_value());
}

// ---------------------------------------------------------- credential helpers

TEST_F(CredentialsTest, CredHelperGet) {
  install_fake_helper();
  auto c = credential_helper_get("fake", "reg.example.com");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user, "helperuser");
  EXPECT_EQ(c->secret, "helpersecret");
  EXPECT_EQ(helper_log(), "get reg.example.com\n");
  // "credentials not found in native keychain" with exit 1 means none.
  EXPECT_FALSE(credential_helper_get("fake", "unknown.example.com").has_value());
}

TEST_F(CredentialsTest, CredHelperOtherFailureIsAnError) {
  install_fake_helper();
  try {
    credential_helper_get("fake", "broken.example.com");
    FAIL() << "a failing helper gave no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("error talking to the keyring"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("docker-credential-fake"), std::string::npos) << e.what();
  }
}

TEST_F(CredentialsTest, MissingHelperIsAnError) {
  install_fake_helper();
  try {
    credential_helper_get("nosuchhelper", "reg.example.com");
    FAIL() << "a missing helper gave no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("docker-credential-nosuchhelper"), std::string::npos) << e.what();
  }
}

TEST_F(CredentialsTest, CredHelpersEntryIsAskedForItsHost) {
  install_fake_helper();
  auto f = write("auth.json", R"({
      "auths":{"reg.example.com":{"auth":"YTpi"},"other.io":{"auth":"eDp5"}},
      "credHelpers":{"reg.example.com":"fake","unknown.example.com":"fake"}})");
  // The helper beats an auths entry for the same host, and is asked for the host only.
  auto c = credentials_from_file(f, "reg.example.com/ns/repo");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user, "helperuser");
  EXPECT_EQ(c->secret, "helpersecret");
  EXPECT_EQ(helper_log(), "get reg.example.com\n");
  // Hosts without a credHelpers entry still use auths, without the helper.
  auto o = credentials_from_file(f, "other.io/ns/repo");
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->user, "x");
  EXPECT_EQ(helper_log(), "get reg.example.com\n");
  // A helper that knows nothing: no credentials.
  EXPECT_FALSE(credentials_from_file(f, "unknown.example.com/ns/repo").has_value());
}

TEST_F(CredentialsTest, CredsStoreIsTheFallback) {
  install_fake_helper();
  auto f = write("config.json", R"({"auths":{"other.io":{"auth":"eDp5"}},"credsStore":"fake"})");
  auto c = credentials_from_file(f, "reg.example.com/ns/repo");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user, "helperuser");
  EXPECT_EQ(helper_log(), "get reg.example.com\n");
  // An auths entry is used before the store.
  EXPECT_EQ(credentials_from_file(f, "other.io/r")->user, "x");
  EXPECT_EQ(helper_log(), "get reg.example.com\n");
  EXPECT_FALSE(credentials_from_file(f, "nothing.example.com/r").has_value());
  EXPECT_EQ(helper_log(), "get reg.example.com\nget nothing.example.com\n");
}

TEST_F(CredentialsTest, StoreAndRemoveGoToTheCredHelper) {
  install_fake_helper();
  const std::string text = R"({"credHelpers":{"reg.example.com":"fake"}})";
  auto f = write("auth.json", text);
  store_credentials(f, "reg.example.com", Credentials{"u", "p:w"});
  json stored = json::parse(read_text(dir_ / "helper.stored"));
  EXPECT_EQ(stored, (json{{"ServerURL", "reg.example.com"}, {"Username", "u"}, {"Secret", "p:w"}}));
  EXPECT_EQ(read_text(f), text) << "the file must be left alone";
  EXPECT_TRUE(remove_credentials(f, "reg.example.com"));
  EXPECT_NE(helper_log().find("erase reg.example.com\n"), std::string::npos) << helper_log();
  EXPECT_EQ(read_text(f), text);
}

// ---------------------------------------------------------- lookup_credentials

TEST_F(CredentialsTest, CommandLineCredentialsBeatFiles) {
  auto f = write("auth.json", R"({"auths":{"reg.io":{"auth":"aHU6aHA="}}})");
  ferry_context ctx;
  ctx.options["authfile"] = f.string();
  ctx.creds = "cu:c:p";
  auto c = lookup_credentials(ctx, "reg.io/ns/repo");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user, "cu");
  EXPECT_EQ(c->secret, "c:p");
  ctx.creds = "onlyuser";
  c = lookup_credentials(ctx, "reg.io/ns/repo");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user, "onlyuser");
  EXPECT_EQ(c->secret, "");
}

TEST_F(CredentialsTest, NoCredsOption) {
  auto f = write("auth.json", R"({"auths":{"reg.io":{"auth":"aHU6aHA="}}})");
  ferry_context ctx;
  ctx.options["authfile"] = f.string();
  ASSERT_TRUE(lookup_credentials(ctx, "reg.io/r").has_value());
  ctx.options["no-creds"] = "true";
  EXPECT_FALSE(lookup_credentials(ctx, "reg.io/r").has_value());
}

TEST_F(CredentialsTest, AuthfileOptionReadsOnlyThatFile) {
  // Credentials in every default place...
  write("run/containers/auth.json", R"({"auths":{"reg.io":{"auth":"aHU6aHA="}}})");
  write("home/.docker/config.json", R"({"auths":{"reg.io":{"auth":"aHU6aHA="}}})");
  auto env_file = write("env-auth.json", R"({"auths":{"reg.io":{"auth":"aHU6aHA="}}})");
  env_.set("REGISTRY_AUTH_FILE", env_file.string());
  ferry_context ctx;
  ASSERT_EQ(lookup_credentials(ctx, "reg.io/r")->user, "hu");
  // ...but --authfile names one without any for reg.io.
  auto only = write("only.json", R"({"auths":{"other.io":{"auth":"eDp5"}}})");
  ctx.options["authfile"] = only.string();
  EXPECT_FALSE(lookup_credentials(ctx, "reg.io/r").has_value());
  EXPECT_EQ(lookup_credentials(ctx, "other.io/r")->user, "x");
}

TEST_F(CredentialsTest, DefaultChainFirstFileWithCredentialsWins) {
  ferry_context ctx;
  EXPECT_FALSE(lookup_credentials(ctx, "reg.io/r").has_value());
  write("home/.dockercfg", R"({"https://reg.io/v1/":{"auth":"bHU6bHA="}})");
  EXPECT_EQ(lookup_credentials(ctx, "reg.io/r")->user, "lu");
  write("home/.docker/config.json", R"({"auths":{"reg.io":{"auth":"ZHU6ZHA="}}})");
  EXPECT_EQ(lookup_credentials(ctx, "reg.io/r")->user, "du");
  write("home/.config/containers/auth.json", R"({"auths":{"reg.io":{"auth":"ZnU6ZnA="}}})");
  EXPECT_EQ(lookup_credentials(ctx, "reg.io/r")->user, "fu");
  // The primary file has only another registry: the next files still count.
  write("run/containers/auth.json", R"({"auths":{"other.io":{"auth":"eDp5"}}})");
  EXPECT_EQ(lookup_credentials(ctx, "reg.io/r")->user, "fu");
  write("run/containers/auth.json", R"({"auths":{"reg.io":{"auth":"cHU6cHA="}}})");
  EXPECT_EQ(lookup_credentials(ctx, "reg.io/r")->user, "pu");
}

// ------------------------------------------------------------ auth file order

TEST_F(CredentialsTest, AuthFilesToReadWithEveryVariable) {
  env_.set("XDG_CONFIG_HOME", (dir_ / "cfg").string());
  env_.set("DOCKER_CONFIG", (dir_ / "dockercfg").string());
  std::vector<fs::path> want{dir_ / "run/containers/auth.json", dir_ / "cfg/containers/auth.json",
                             dir_ / "dockercfg/config.json", dir_ / "home/.dockercfg"};
  EXPECT_EQ(auth_files_to_read(""), want);
  EXPECT_EQ(primary_auth_file(""), dir_ / "run/containers/auth.json");
}

TEST_F(CredentialsTest, AuthFilesToReadHomeDefaults) {
  std::vector<fs::path> want{dir_ / "run/containers/auth.json", dir_ / "home/.config/containers/auth.json",
                             dir_ / "home/.docker/config.json", dir_ / "home/.dockercfg"};
  EXPECT_EQ(auth_files_to_read(""), want);
}

TEST_F(CredentialsTest, AuthFilesToReadWithoutRuntimeDir) {
  env_.unset("XDG_RUNTIME_DIR");
  fs::path primary = fs::path("/run/containers") / std::to_string(::getuid()) / "auth.json";
  EXPECT_EQ(primary_auth_file(""), primary);
  auto files = auth_files_to_read("");
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0], primary);
  EXPECT_EQ(files[1], dir_ / "home/.config/containers/auth.json");
}

TEST_F(CredentialsTest, RegistryAuthFileReplacesTheChain) {
  env_.set("REGISTRY_AUTH_FILE", (dir_ / "env.json").string());
  EXPECT_EQ(auth_files_to_read(""), std::vector<fs::path>{dir_ / "env.json"});
  EXPECT_EQ(primary_auth_file(""), dir_ / "env.json");
  // An explicit --authfile beats the variable.
  EXPECT_EQ(auth_files_to_read((dir_ / "flag.json").string()), std::vector<fs::path>{dir_ / "flag.json"});
  EXPECT_EQ(primary_auth_file((dir_ / "flag.json").string()), dir_ / "flag.json");
}

// ------------------------------------------------------------- login / logout

TEST_F(CredentialsTest, StoreCreatesThePrivateFile) {
  fs::path f = dir_ / "new/dir/auth.json";
  store_credentials(f, "reg.io:5000", Credentials{"user", "pa:ss"});
  struct stat st {};
  ASSERT_EQ(::stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(read_json(f), (json{{"auths", {{"reg.io:5000", {{"auth", "dXNlcjpwYTpzcw=="}}}}}}));
  auto c = credentials_from_file(f, "reg.io:5000/ns/repo");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->user, "user");
  EXPECT_EQ(c->secret, "pa:ss");
  // Nothing is left beside it from the atomic write.
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(f.parent_path())) names.push_back(e.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"auth.json"});
}

TEST_F(CredentialsTest, StoreKeepsOtherKeysAndReplacesItsOwn) {
  auto f = write("auth.json", R"({"auths":{"other.io":{"auth":"eDp5"},"reg.io/ns":{"auth":"YTpi"}},
      "credHelpers":{"helped.io":"fake"},"experimental":"enabled"})");
  ::chmod(f.c_str(), 0644);
  store_credentials(f, "reg.io/ns", Credentials{"hu", "hp"});
  json j = read_json(f);
  EXPECT_EQ(j["auths"]["other.io"], (json{{"auth", "eDp5"}}));
  EXPECT_EQ(j["auths"]["reg.io/ns"], (json{{"auth", "aHU6aHA="}}));
  EXPECT_EQ(j["auths"].size(), 2u);
  EXPECT_EQ(j["credHelpers"], (json{{"helped.io", "fake"}}));
  EXPECT_EQ(j["experimental"], "enabled");
  struct stat st {};
  ASSERT_EQ(::stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(CredentialsTest, RemoveCredentialsTakesOnlyThatEntry) {
  auto f = write("auth.json", R"({"auths":{"reg.io:5000":{"auth":"YTpi"},"reg.io":{"auth":"eDp5"},
      "reg.io:5000/ns":{"auth":"aHU6aHA="}},"credHelpers":{"helped.io":"fake"}})");
  EXPECT_TRUE(remove_credentials(f, "reg.io:5000"));
  json j = read_json(f);
  EXPECT_FALSE(j["auths"].contains("reg.io:5000"));
  EXPECT_TRUE(j["auths"].contains("reg.io"));
  EXPECT_TRUE(j["auths"].contains("reg.io:5000/ns"));
  EXPECT_EQ(j["credHelpers"], (json{{"helped.io", "fake"}}));
  // Nothing stored for it (any more): false, and the file is unchanged.
  const std::string before = read_text(f);
  EXPECT_FALSE(remove_credentials(f, "reg.io:5000"));
  EXPECT_FALSE(remove_credentials(f, "never.io"));
  EXPECT_EQ(read_text(f), before);
  EXPECT_FALSE(remove_credentials(dir_ / "missing.json", "reg.io"));
  EXPECT_FALSE(fs::exists(dir_ / "missing.json"));
}

TEST_F(CredentialsTest, RemoveCredentialsMatchesUrlKeys) {
  auto f = write("config.json",
                 R"({"auths":{"https://reg.io:5000/v1/":{"auth":"YTpi"},"other.io":{"auth":"eDp5"}}})");
  EXPECT_TRUE(remove_credentials(f, "reg.io:5000"));
  EXPECT_EQ(read_json(f)["auths"], (json{{"other.io", {{"auth", "eDp5"}}}}));
}

TEST_F(CredentialsTest, RemoveAllCredentials) {
  auto f =
      write("auth.json", R"({"auths":{"a.io":{"auth":"YTpi"},"b.io":{"auth":"eDp5"}},"experimental":"x"})");
  remove_all_credentials(f);
  json j = read_json(f);
  EXPECT_EQ(j["auths"], json::object());
  EXPECT_EQ(j["experimental"], "x");
  EXPECT_FALSE(credentials_from_file(f, "a.io").has_value());
  remove_all_credentials(dir_ / "absent.json");
  EXPECT_FALSE(fs::exists(dir_ / "absent.json"));
}

}  // namespace
}  // namespace ferry
