// OCI layout names: "path[:reference]" and "path:@index", split the way the
// containers tools split them.
#include <ferry/oci_layout/layout_name.hpp>
#include <ferry/plugin.hpp>

#include <gtest/gtest.h>

using namespace ferry::oci_layout;

namespace {

std::string error_of(std::string_view text, bool allow_index = true) {
  try {
    parse_layout_name(text, "oci", allow_index);
  } catch (const ferry::sdk::Error& e) {
    return e.what();
  }
  return "";
}

TEST(LayoutName, ThePathEndsAtTheFirstColon) {
  LayoutName n = parse_layout_name("/images/app:v1.2", "oci", false);
  EXPECT_EQ(n.path, "/images/app");
  EXPECT_EQ(n.ref, "v1.2");
  EXPECT_FALSE(n.index);
  // Everything after the first colon is the reference, colons and slashes included.
  n = parse_layout_name("/p:a/b:c", "oci", false);
  EXPECT_EQ(n.path, "/p");
  EXPECT_EQ(n.ref, "a/b:c");
  EXPECT_EQ(n.to_string(), "/p:a/b:c");
  EXPECT_EQ(parse_layout_name("relative/dir", "oci", false).ref, "");
}

TEST(LayoutName, AnIndexIsANonNegativeNumberWhereTheTransportTakesOne) {
  LayoutName n = parse_layout_name("/x:@3", "oci", true);
  EXPECT_EQ(n.index, 3u);
  EXPECT_EQ(n.to_string(), "/x:@3");
  EXPECT_NE(error_of("/x:@3", false).find("@index is not supported"), std::string::npos);
  EXPECT_NE(error_of("/x:@-1").find("non-negative integer"), std::string::npos);
  EXPECT_NE(error_of("/x:@1a").find("non-negative integer"), std::string::npos);
  EXPECT_NE(error_of("/x:@99999999999999999999999").find("non-negative integer"), std::string::npos);
}

TEST(LayoutName, ReferencesFollowTheOciRefNameRule) {
  EXPECT_TRUE(valid_ref_name("v1.0"));
  EXPECT_TRUE(valid_ref_name("registry.example/app:1--rc"));
  EXPECT_FALSE(valid_ref_name("-leading"));
  EXPECT_FALSE(valid_ref_name("a..b"));
  EXPECT_FALSE(valid_ref_name("trailing/"));
  EXPECT_FALSE(valid_ref_name("sp ace"));
  EXPECT_NE(error_of("/x:bad..ref").find("invalid oci reference"), std::string::npos);
  EXPECT_NE(error_of("").find("invalid oci reference"), std::string::npos);
}

}  // namespace
