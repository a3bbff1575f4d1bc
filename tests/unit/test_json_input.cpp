#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace ji = ferry::json_input;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

constexpr ji::Limits small{"test documents", 64, 4};

std::string nested(size_t depth, char open = '[', char close = ']') {
  return std::string(depth, open) + std::string(depth, close);
}

// The message of the json_input::Error that `f` throws.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ji::Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_INVALID_ARGUMENT);
    return e.what();
  }
  ADD_FAILURE() << "no json_input::Error thrown";
  return "";
}

}  // namespace

TEST(JsonInput, ParsesWithinLimits) {
  json j = ji::parse(R"({"b":1,"a":[true,null,"x"]})", ji::limits::manifest, "doc");
  EXPECT_EQ(j["a"][2], "x");
  ordered_json o = ji::parse<ordered_json>(R"({"b":1,"a":2})", ji::limits::manifest, "doc");
  EXPECT_EQ(o.begin().key(), "b");  // document order kept
  EXPECT_NO_THROW(ji::parse(nested(4), small, "doc"));
}

TEST(JsonInput, RefusesDepthBeyondTheLimitNamingIt) {
  EXPECT_EQ(error_of([] { ji::parse(nested(5), small, "the test doc"); }),
            "the test doc is nested more than 4 levels deep, the limit for test documents");
  EXPECT_NE(error_of([] {
              ji::parse(R"({"a":{"a":{"a":{"a":{"a":1}}}}})", small, "d");
            }).find("nested more than 4"),
            std::string::npos);
}

TEST(JsonInput, DeepDocumentsDoNotCrash) {
  // 100 000 levels: far beyond any stack a recursive parser or destructor would survive.
  const std::string deep = R"({"schemaVersion":2,"x":)" + nested(100000) + "}";
  EXPECT_NE(error_of([&] {
              ji::parse(deep, ji::limits::layout_index, "index.json");
            }).find("nested more than 256 levels deep, the limit for an OCI layout's index.json"),
            std::string::npos);
  const std::string deep_objects = [] {
    std::string s;
    for (int i = 0; i < 200000; ++i) s += R"({"a":)";
    s += "1" + std::string(200000, '}');
    return s;
  }();
  EXPECT_THROW(ji::parse<ordered_json>(deep_objects, ji::limits::image_config, "config"), ji::Error);
  // At the limit, copies and dump() of the result are fine.
  json at_limit = ji::parse(nested(ji::limits::max_depth), ji::limits::manifest, "m");
  json copy = at_limit;
  EXPECT_EQ(copy.dump().size(), 2 * ji::limits::max_depth);
}

TEST(JsonInput, RefusesSizeBeyondTheLimitNamingItsPurpose) {
  const std::string big = "\"" + std::string(2 << 20, 'a') + "\"";
  EXPECT_EQ(error_of([&] { ji::parse(big, ji::limits::token_reply, "the registry's token reply"); }),
            "the registry's token reply is larger than 1 MiB, the limit for token replies");
  EXPECT_EQ(error_of([] { ji::parse(std::string(65, ' ') + "1", small, "d"); }),
            "d is larger than 64 bytes, the limit for test documents");
  EXPECT_EQ(ji::size_text(64 * 1024), "64 KiB");
}

TEST(JsonInput, SyntaxErrorsAreOneLineWithoutLibraryText) {
  for (std::string bad : {"", "{", "[1,]", "nul", "{\"a\":\"\xff\xfe\"}", "[\"a\nb\"]", "{} x"}) {
    std::string m = error_of([&] { ji::parse(bad, ji::limits::manifest, "manifest.json in a.tar"); });
    EXPECT_EQ(m.rfind("manifest.json in a.tar is not valid JSON: ", 0), 0u) << m;
    EXPECT_EQ(m.find("json.exception"), std::string::npos) << m;
    EXPECT_EQ(m.find("last read"), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    for (unsigned char c : m) EXPECT_LT(c, 0x80) << m;
  }
  std::string m = error_of([] { ji::parse("{\"RepoTags\":[\"a\xff\"]}", ji::limits::manifest, "d"); });
  EXPECT_NE(m.find("UTF-8"), std::string::npos) << m;
}

TEST(JsonInput, ParsesFilesAsTheyAreRead) {
  auto dir = std::filesystem::temp_directory_path() / ("json-input-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto file = dir / "index.json";
  EXPECT_FALSE(ji::parse_file(file, ji::limits::layout_index, "index.json").has_value());
  std::ofstream(file) << R"({"schemaVersion":2,"manifests":[]})";
  auto j = ji::parse_file<ordered_json>(file, ji::limits::layout_index, "index.json");
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ((*j)["schemaVersion"], 2);
  std::ofstream(file) << nested(300);
  EXPECT_THROW(ji::parse_file(file, ji::limits::layout_index, "index.json"), ji::Error);
  std::ofstream(file) << std::string(100, ' ') << "{}";
  EXPECT_EQ(error_of([&] { ji::parse_file(file, small, "index.json in x"); }),
            "index.json in x is larger than 64 bytes, the limit for test documents");
  std::filesystem::remove_all(dir);
}

TEST(JsonInput, FieldsCheckTypesAndNameTheField) {
  json reply = json::parse(R"({"token":5,"access_token":null,"expires_in":300})");
  ji::Fields<json> f(reply, "the token reply from r.example");
  EXPECT_EQ(error_of([&] { f.string("token"); }),
            "the token reply from r.example: \"token\" is a number, not a string");
  EXPECT_FALSE(f.string("access_token").has_value());  // null reads as absent
  EXPECT_FALSE(f.string("missing").has_value());
  EXPECT_EQ(f.integer("expires_in"), 300);

  json config = json::parse(R"({"config":{"Labels":{"a":"1","b":{"c":"d"}},"Env":["A=1",2]}})");
  auto runtime = ji::Fields<json>(config, "the image config").fields("config");
  ASSERT_TRUE(runtime.has_value());
  EXPECT_EQ(error_of([&] { runtime->string_map("Labels"); }),
            "the image config: \"config.Labels.b\" is an object, not a string");
  EXPECT_EQ(error_of([&] { runtime->strings("Env"); }),
            "the image config: \"config.Env[1]\" is a number, not a string");
  EXPECT_EQ(error_of([&] { runtime->array("Labels"); }),
            "the image config: \"config.Labels\" is an object, not an array");
  EXPECT_EQ(error_of([&] { ji::Fields<json>(json::array(), "manifest.json"); }),
            "manifest.json is an array, not an object");
}

TEST(JsonInput, DuplicateKeysAreKeptSilentlyUnlessRefused) {
  // nlohmann's own behaviour: one of the two survives, without a word.
  EXPECT_NO_THROW(ji::parse(R"({"a":1,"a":2})", ji::limits::policy_file, "doc"));
  try {
    ji::parse(R"({"a":1,"b":{"c":1,"c":2}})", ji::limits::policy_file, "the policy",
              ji::DuplicateKeys::refuse);
    ADD_FAILURE() << "a duplicate key was accepted";
  } catch (const ji::DuplicateKey& e) {
    EXPECT_EQ(e.key(), "c");
    EXPECT_STREQ(e.what(), R"(the policy has the key "c" twice)");
    EXPECT_EQ(e.code(), FERRY_E_INVALID_ARGUMENT);
  }
  EXPECT_EQ(error_of([] {
              ji::parse<ordered_json>(R"({"a":1,"a":1})", ji::limits::policy_file, "d",
                                      ji::DuplicateKeys::refuse);
            }),
            R"(d has the key "a" twice)");
}

TEST(JsonInput, RefusingDuplicatesCountsKeysPerObject) {
  // The same key in sibling or nested objects, and in objects inside arrays, is no duplicate.
  const char* doc = R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":{"a":[{"a":{}}]}})";
  json j = ji::parse(doc, ji::limits::policy_file, "doc", ji::DuplicateKeys::refuse);
  EXPECT_EQ(j["b"][1]["a"], 2);
  EXPECT_THROW(
      ji::parse(R"([{"x":1},{"y":1,"y":1}])", ji::limits::policy_file, "doc", ji::DuplicateKeys::refuse),
      ji::DuplicateKey);
}

TEST(JsonInput, ParseFileRefusesDuplicatesWhenAsked) {
  const auto file = std::filesystem::temp_directory_path() / "ferry-json-input-dup.json";
  std::ofstream(file) << R"({"default":[],"default":[]})";
  EXPECT_TRUE(ji::parse_file(file, ji::limits::policy_file, "doc").has_value());
  EXPECT_THROW(ji::parse_file(file, ji::limits::policy_file, "doc", ji::DuplicateKeys::refuse),
               ji::DuplicateKey);
  std::filesystem::remove(file);
}
