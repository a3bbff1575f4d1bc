// ferry/go_json: the bytes Go's encoding/json writes (checked against Go's
// documented escaping: HTML-safe, U+2028/U+2029, invalid UTF-8 as U+FFFD).
#include <ferry/go_json/go_json.hpp>

#include <gtest/gtest.h>

namespace {

using ferry::go_json::marshal;
using ferry::go_json::printable;
using ferry::go_json::string;

TEST(GoJson, StringsAreHtmlSafe) {
  EXPECT_EQ(string("a<b>&c"), R"("a\u003cb\u003e\u0026c")");
  EXPECT_EQ(string("q\"\\"), R"("q\"\\")");
  EXPECT_EQ(string("\n\r\t\x01\x1f"), R"("\n\r\t\u0001\u001f")");
}

TEST(GoJson, LineAndParagraphSeparatorsAreEscaped) {
  EXPECT_EQ(string("x\xe2\x80\xa8y\xe2\x80\xa9"), R"("x\u2028y\u2029")");
}

TEST(GoJson, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(string("\xff"), R"("\ufffd")");
  EXPECT_EQ(string("\xc0\xaf"), R"("\ufffd\ufffd")");            // overlong
  EXPECT_EQ(string("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");  // a surrogate
  EXPECT_EQ(string("\xe2\x82"), R"("\ufffd\ufffd")");            // cut short
  EXPECT_EQ(string("\xc3\xa9\xf0\x9f\x98\x80"), "\"\xc3\xa9\xf0\x9f\x98\x80\"");
}

TEST(GoJson, MarshalIsCompactInMemberOrder) {
  nlohmann::ordered_json v = {{"z", 1}, {"a", {true, nullptr, "<"}}, {"m", nlohmann::ordered_json::object()}};
  EXPECT_EQ(marshal(v), R"({"z":1,"a":[true,null,"\u003c"],"m":{}})");
  EXPECT_EQ(marshal(nlohmann::ordered_json::array()), "[]");
}

TEST(GoJson, PrintableEscapesOnlyWhenThereAreControlBytes) {
  EXPECT_EQ(printable("plain <text>"), "plain <text>");
  EXPECT_EQ(printable("bad\nline\x7f"), "bad\\nline\x7f");
}

}  // namespace
