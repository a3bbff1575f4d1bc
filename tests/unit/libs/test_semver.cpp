// semver: versions and ranges as Masterminds/semver v3 reads them (what
// skopeo's sync uses for images-by-semver). The tables come from that
// library's README and its own tests, so a tag picked by skopeo is picked here.
#include <ferry/semver/semver.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace ferry::semver;

namespace {

Version must_parse(const std::string& text) {
  auto v = parse_version(text);
  if (!v) throw std::runtime_error("not a version: " + text);
  return *v;
}

bool check(const std::string& constraint, const std::string& version) {
  return Constraint::parse(constraint).matches(must_parse(version));
}

std::string parse_error(const std::string& constraint) {
  try {
    Constraint::parse(constraint);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(SemverVersion, AcceptsWhatNewVersionAccepts) {
  const char* good[] = {
      "1.2.3", "1.2.3+test.01", "1.2.3-alpha.-1", "v1.2.3", "1.0", "v1.0", "1", "v1", "1.2-5", "v1.2-5",
      "1.2-beta.5", "v1.2-beta.5", "1.2.0-x.Y.0+metadata", "v1.2.0-x.Y.0+metadata-width-hypen",
      "1.2.3-rc1-with-hypen", "1.2.3-0abc123", "1.2.2147483648", "2147483648.3.0",
      "20221209-update-renovatejson-v4",
      // Coerced: leading zeros in the numbers (calver-ish tags).
      "01.1.1", "1.01.1", "1.1.01", "2024.01.05",
      "18446744073709551615.0.0",  // UINT64_MAX
  };
  for (const char* text : good) EXPECT_TRUE(parse_version(text).has_value()) << text;
}

TEST(SemverVersion, RejectsWhatNewVersionRejects) {
  const char* bad[] = {
      "",
      "v",
      "latest",
      "foo",
      "1.2.beta",
      "v1.2.beta",
      "\n1.2",
      " 1.2",
      "1.2 ",
      "1.2.3.4",
      "v1.2.3.4",
      "12.3.4.1234",
      "1.2.3-alpha.01",
      "1.2.3-beta.01",
      "1.1.2+.123",
      "1.0.0-alpha_beta",
      "1.0.0-alpha..",
      "1.0.0-alpha..1",
      "9.8.7+meta+meta",
      "1.2.31----RC-SNAPSHOT.12.09.1--.12+788",
      "+invalid",
      "-invalid",
      "alpha+beta",
      "V1.2.3",  // only a lower-case v
      "1.2.3-",
      "1.2.3+",
      "1.",
      "1..2",
      ".1",
      "1.2.3-a.",
      "vv1",
      "18446744073709551616.0.0",
      "1.99999999999999999999.0",
      "1.2.99999999999999999999",  // past uint64
  };
  for (const char* text : bad) EXPECT_FALSE(parse_version(text).has_value()) << text;
}

TEST(SemverVersion, Fields) {
  Version v = must_parse("v1.2.3-beta.1+build.5");
  EXPECT_EQ(v.major, 1u);
  EXPECT_EQ(v.minor, 2u);
  EXPECT_EQ(v.patch, 3u);
  EXPECT_EQ(v.prerelease, "beta.1");
  EXPECT_EQ(v.metadata, "build.5");
  EXPECT_EQ(v.original, "v1.2.3-beta.1+build.5");

  Version short_form = must_parse("1.2");  // coerced to 1.2.0
  EXPECT_EQ(short_form.major, 1u);
  EXPECT_EQ(short_form.minor, 2u);
  EXPECT_EQ(short_form.patch, 0u);
  Version zeros = must_parse("01.02.03");
  EXPECT_EQ(zeros.major, 1u);
  EXPECT_EQ(zeros.minor, 2u);
  EXPECT_EQ(zeros.patch, 3u);
  // "1.2-1.4.5" is 1.2.0 with prerelease 1.4.5, not a range.
  EXPECT_EQ(must_parse("1.2-1.4.5").prerelease, "1.4.5");
}

TEST(SemverVersion, LengthIsBounded) {
  std::string longest = "1.2.3-" + std::string(kMaxVersionLength - 6, 'a');
  EXPECT_TRUE(parse_version(longest).has_value());
  EXPECT_FALSE(parse_version(longest + "a").has_value());
  EXPECT_FALSE(parse_version(std::string(100000, '1')).has_value());
}

TEST(SemverVersion, Compare) {
  struct Case {
    const char *a, *b;
    int want;
  };
  const Case cases[] = {
      {"1.2.3", "1.5.1", -1},
      {"2.2.3", "1.5.1", 1},
      {"2.2.3", "2.2.2", 1},
      {"3.2-beta", "3.2-beta", 0},
      {"1.3", "1.1.4", 1},
      {"4.2", "4.2-beta", 1},
      {"4.2-beta", "4.2", -1},
      {"4.2-alpha", "4.2-beta", -1},
      {"4.2-alpha", "4.2-alpha", 0},
      {"4.2-beta.2", "4.2-beta.1", 1},
      {"4.2-beta2", "4.2-beta1", 1},
      {"4.2-beta", "4.2-beta.2", -1},
      {"4.2-beta", "4.2-beta.foo", -1},
      {"4.2-beta.2", "4.2-beta", 1},
      {"4.2-beta.foo", "4.2-beta", 1},
      {"1.2+bar", "1.2+baz", 0},  // metadata ignored
      {"1.0.0-beta.4", "1.0.0-beta.-2", -1},
      {"1.0.0-beta.-2", "1.0.0-beta.-3", -1},
      {"1.0.0-beta.-3", "1.0.0-beta.5", 1},
      {"1.0.0-2", "1.0.0-10", -1},        // numeric identifiers by value
      {"1.0.0-2", "1.0.0-a", -1},         // numbers before text
      {"1.0.0-BETA", "1.0.0-alpha", -1},  // ASCII order
      {"v1.0.0", "1.0", 0},
      {"10.0.0", "9.99.99", 1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(compare(must_parse(c.a), must_parse(c.b)), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(compare(must_parse(c.b), must_parse(c.a)), -c.want) << c.b << " vs " << c.a;
  }
}

// Masterminds' TestConstraintCheck and TestConstraintsCheck.
TEST(SemverConstraint, MastermindsCheckTable) {
  struct Case {
    const char *constraint, *version;
    bool want;
  };
  const Case cases[] = {
      {"=2.0.0", "1.2.3", false},
      {"=2.0.0", "2.0.0", true},
      {"=2.0", "1.2.3", false},
      {"=2.0", "2.0.0", true},
      {"=2.0", "2.0.1", true},
      {"4.1", "4.1.0", true},
      {"!=4.1.0", "4.1.0", false},
      {"!=4.1.0", "4.1.1", true},
      {"!=4.1", "4.1.0", false},
      {"!=4.1", "4.1.1", false},
      {"!=4.1", "5.1.0-alpha.1", false},
      {"!=4.1.0", "5.1.0-alpha.1", false},
      {"!=4.1-alpha", "4.1.0", true},
      {"!=4.1", "5.1.0", true},
      {"<11", "0.1.0", true},
      {"<11", "11.1.0", false},
      {"<1.1", "0.1.0", true},
      {"<1.1", "1.1.0", false},
      {"<1.1", "1.1.1", false},
      {"<=11", "1.2.3", true},
      {"<=11", "12.2.3", false},
      {"<=11", "11.2.3", true},
      {"<=1.1", "1.2.3", false},
      {"<=1.1", "0.1.0", true},
      {"<=1.1", "1.1.0", true},
      {"<=1.1", "1.1.1", true},
      {">1.1", "4.1.0", true},
      {">1.1", "1.1.0", false},
      {">0", "0", false},
      {">0", "1", true},
      {">0", "0.0.1-alpha", false},
      {">0.0", "0.0.1-alpha", false},
      {">0-0", "0.0.1-alpha", false},
      {">0.0-0", "0.0.1-alpha", false},
      {">0", "0.0.0-alpha", false},
      {">0-0", "0.0.0-alpha", false},
      {">0.0.0-0", "0.0.0-alpha", true},
      {">1.2.3-alpha.1", "1.2.3-alpha.2", true},
      {">1.2.3-alpha.1", "1.3.3-alpha.2", true},
      {">11", "11.1.0", false},
      {">11.1", "11.1.0", false},
      {">11.1", "11.1.1", false},
      {">11.1", "11.2.1", true},
      {">=11", "11.1.2", true},
      {">=11.1", "11.1.2", true},
      {">=11.1", "11.0.2", false},
      {">=1.1", "4.1.0", true},
      {">=1.1", "1.1.0", true},
      {">=1.1", "0.0.9", false},
      {">=0", "0.0.1-alpha", false},
      {">=0.0", "0.0.1-alpha", false},
      {">=0-0", "0.0.1-alpha", true},
      {">=0.0-0", "0.0.1-alpha", true},
      {">=0", "0.0.0-alpha", false},
      {">=0-0", "0.0.0-alpha", true},
      {">=0.0.0-0", "0.0.0-alpha", true},
      {">=0.0.0-0", "1.2.3", true},
      {">=0.0.0-0", "3.4.5-beta.1", true},
      {"<0", "0.0.0-alpha", false},
      {"<0-z", "0.0.0-alpha", true},
      {">=0", "0", true},
      {"=0", "1", false},
      {"*", "1", true},
      {"*", "4.5.6", true},
      {"*", "1.2.3-alpha.1", false},
      {"*-0", "1.2.3-alpha.1", true},
      {"2.*", "1", false},
      {"2.*", "3.4.5", false},
      {"2.*", "2.1.1", true},
      {"2.1.*", "2.1.1", true},
      {"2.1.*", "2.2.1", false},
      {"2", "1", false},
      {"2", "3.4.5", false},
      {"2", "2.1.1", true},
      {"2.1", "2.1.1", true},
      {"2.1", "2.2.1", false},
      {"~1.2.3", "1.2.4", true},
      {"~1.2.3", "1.3.4", false},
      {"~1.2", "1.2.4", true},
      {"~1.2", "1.3.4", false},
      {"~1", "1.2.4", true},
      {"~1", "2.3.4", false},
      {"~0.2.3", "0.2.5", true},
      {"~0.2.3", "0.3.5", false},
      {"~1.2.3-beta.2", "1.2.3-beta.4", true},
      {"~1.2.3-beta.2", "1.2.4-beta.2", true},
      {"~1.2.3-beta.2", "1.3.4-beta.2", false},
      {"^1.2.3", "1.8.9", true},
      {"^1.2.3", "2.8.9", false},
      {"^1.2.3", "1.2.1", false},
      {"^1.1.0", "2.1.0", false},
      {"^1.2.0", "2.2.1", false},
      {"^1.2.0", "1.2.1-alpha.1", false},
      {"^1.2.0-alpha.0", "1.2.1-alpha.1", true},
      {"^1.2.0-alpha.0", "1.2.1-alpha.0", true},
      {"^1.2.0-alpha.2", "1.2.0-alpha.1", false},
      {"^1.2", "1.8.9", true},
      {"^1.2", "2.8.9", false},
      {"^1", "1.8.9", true},
      {"^1", "2.8.9", false},
      {"^0.2.3", "0.2.5", true},
      {"^0.2.3", "0.5.6", false},
      {"^0.2", "0.2.5", true},
      {"^0.2", "0.5.6", false},
      {"^0.0.3", "0.0.3", true},
      {"^0.0.3", "0.0.4", false},
      {"^0.0", "0.0.3", true},
      {"^0.0", "0.1.4", false},
      {"^0.0", "1.0.4", false},
      {"^0", "0.2.3", true},
      {"^0", "1.1.4", false},
      {"^0.2.3-beta.2", "0.2.3-beta.4", true},
      {"^0.2.3-beta.2", "0.2.4-beta.2", true},
      {"^0.2.3-beta.2", "0.3.4-beta.2", false},
      {"^0.2.3-beta.2", "0.2.3-beta.2", true},
      {"*", "1.2.3", true},
      {"~0.0.0", "1.2.3", true},
      {"0.x.x", "1.2.3", false},
      {"0.0.x", "1.2.3", false},
      {"0.0.0", "1.2.3", false},
      {"^0.0.0", "1.2.3", false},
      {"= 2.0", "1.2.3", false},
      {"= 2.0", "2.0.0", true},
      {"4.1.x", "4.1.3", true},
      {"1.x", "1.4", true},
      {"!=4.1-alpha", "4.1.0-alpha", false},
      {"!=4.1-alpha", "4.1.1-alpha", false},
      {"!=4.x", "5.1.0", true},
      {"!=4.x", "4.1.0", false},
      {"!=4.1.x", "4.2.0", true},
      {"!=4.2.x", "4.2.3", false},
      {"<1.x", "1.1.1", false},
      {"<1.x", "0.1.1", true},
      {"<1.x", "2.0.0", false},
      {"<1.1.x", "1.2.1", false},
      {"<1.1.x", "1.1.500", false},
      {"<1.1.x", "1.0.500", true},
      {"<1.2.x", "1.1.1", true},
      {">=1.1", "4.1.0-beta", false},
      {"<=1.1", "0.1.0-alpha", false},
      {"<=1.1-a", "0.1.0-alpha", true},
      {"<=1.x", "1.1.0", true},
      {"<=2.x", "3.0.0", false},
      {"<=1.1.x", "1.2.500", false},
      {"<=4.5", "3.4.0", true},
      {"<=4.5", "3.7.0", true},
      {"<=4.5", "4.6.3", false},
      {">1.1, <2", "1.1.1", false},
      {">1.1, <2", "1.2.1", true},
      {">1.1, <3", "4.3.2", false},
      {">=1.1, <2, !=1.2.3", "1.2.3", false},
      {">1.1 <2", "1.1.1", false},
      {">1.1 <2", "1.2.1", true},
      {">1.1    <3", "4.3.2", false},
      {">=1.1    <2    !=1.2.3", "1.2.3", false},
      {">=1.1, <2, !=1.2.3 || > 3", "4.1.2", true},
      {">=1.1, <2, !=1.2.3 || > 3", "3.1.2", false},
      {">=1.1, <2, !=1.2.3 || >= 3", "3.0.0", true},
      {">=1.1, <2, !=1.2.3 || > 3", "3.0.0", false},
      {">=1.1, <2, !=1.2.3 || > 3", "1.2.3", false},
      {">=1.1 <2 !=1.2.3", "1.2.3", false},
      {">=1.1 <2 !=1.2.3 || > 3", "4.1.2", true},
      {">=1.1 <2 !=1.2.3 || > 3", "3.1.2", false},
      {">=1.1 <2 !=1.2.3 || >= 3", "3.0.0", true},
      {">=1.1 <2 !=1.2.3 || > 3", "3.0.0", false},
      {">=1.1 <2 !=1.2.3 || > 3", "1.2.3", false},
      {"> 1.1, <     2", "1.1.1", false},
      {">   1.1, <2", "1.2.1", true},
      {">1.1, <  3", "4.3.2", false},
      {">= 1.1, <     2, !=1.2.3", "1.2.3", false},
      {"> 1.1 < 2", "1.1.1", false},
      {">1.1 < 2", "1.2.1", true},
      {"> 1.1    <3", "4.3.2", false},
      {">=1.1    < 2    != 1.2.3", "1.2.3", false},
      {">= 1.1, <2, !=1.2.3 || > 3", "4.1.2", true},
      {">= 1.1, <2, != 1.2.3 || > 3", "3.1.2", false},
      {">= 1.1, <2, != 1.2.3 || >= 3", "3.0.0", true},
      {">= 1.1, <2, !=1.2.3 || > 3", "3.0.0", false},
      {">= 1.1, <2, !=1.2.3 || > 3", "1.2.3", false},
      {">= 1.1 <2 != 1.2.3", "1.2.3", false},
      {">= 1.1 <2 != 1.2.3 || > 3", "4.1.2", true},
      {">= 1.1 <2 != 1.2.3 || > 3", "3.1.2", false},
      {">= 1.1 <2 != 1.2.3 || >= 3", "3.0.0", true},
      {">= 1.1 < 2 !=1.2.3 || > 3", "3.0.0", false},
      {">=1.1 < 2 !=1.2.3 || > 3", "1.2.3", false},
      {">= 1.0.0  <= 2.0.0-beta", "1.0.1-beta", true},
      {">= 1.0.0  <= 2.0.0-beta", "1.0.1", true},
      {">= 1.0.0  <= 2.0.0-beta", "3.0.0", false},
      {">= 1.0.0  <= 2.0.0-beta || > 3", "1.0.1-beta", true},
      {">= 1.0.0  <= 2.0.0-beta || > 3", "3.0.1-beta", false},
      {">= 1.0.0  <= 2.0.0-beta != 1.0.1 || > 3", "1.0.1-beta", true},
      {">= 1.0.0  <= 2.0.0-beta != 1.0.1-beta || > 3", "1.0.1-beta", false},
      {">= 1.0.0-0  <= 2.0.0", "1.0.1-beta", true},
      {"1.1 - 2", "1.1.1", true},
      {"1.5.0 - 4.5", "3.7.0", true},
      {"1.1-3", "4.3.2", false},
      {"^1.1", "1.1.1", true},
      {"^1.1", "4.3.2", false},
      {"^1.x", "1.1.1", true},
      {"^2.x", "1.1.1", false},
      {"^1.x", "2.1.1", false},
      {"^1.x", "1.1.1-beta1", false},
      {"^1.1.2-alpha", "1.2.1-beta1", true},
      {"^1.2.x-alpha", "1.1.1-beta1", false},
      {"^0.0.1", "0.0.1", true},
      {"^0.0.1", "0.3.1", false},
      {"~*", "2.1.1", true},
      {"~1", "2.1.1", false},
      {"~1", "1.3.5", true},
      {"~1", "1.4", true},
      {"~1.x", "2.1.1", false},
      {"~1.x", "1.3.5", true},
      {"~1.x", "1.4", true},
      {"~1.1", "1.1.1", true},
      {"~1.1", "1.1.1-alpha", false},
      {"~1.1-alpha", "1.1.1-beta", true},
      {"~1.1.1-beta", "1.1.1-alpha", false},
      {"~1.1.1-beta", "1.1.1", true},
      {"~1.2.3", "1.2.5", true},
      {"~1.2.3", "1.2.2", false},
      {"~1.2.3", "1.3.2", false},
      {"~1.1", "1.2.3", false},
      {"~1.3", "2.4.5", false},
      {"1.0.0 - 2.0.0 <=2.0.0", "1.5.0", true},
      {"1.0.0 - 2.0.0, <=2.0.0", "1.5.0", true},
  };
  for (const Case& c : cases)
    EXPECT_EQ(check(c.constraint, c.version), c.want) << c.constraint << " / " << c.version;
}

// The README's equivalences, and ^0.x, wildcards, hyphen ranges, || and the
// prerelease rule on more versions.
TEST(SemverConstraint, DocumentedRanges) {
  struct Case {
    const char* constraint;
    std::vector<const char*> in, out;
  };
  const std::vector<Case> cases = {
      {">= 1.2 < 3.0.0 || >= 4.2.3", {"1.2.0", "2.9.9", "4.2.3", "10.0.0"}, {"1.1.9", "3.0.0", "4.2.2"}},
      // Hyphen ranges: inclusive at both ends.
      {"1.2 - 1.4.5", {"1.2.0", "1.3.9", "1.4.5"}, {"1.1.9", "1.4.6", "1.4.5-rc1"}},
      {"2.3.4 - 4.5", {"2.3.4", "4.5.0", "4.5.9"}, {"2.3.3", "4.6.0"}},
      {"1.2-1.4.5", {"1.2.0", "1.2.9"}, {"1.3.0", "1.1.0"}},  // no spaces: ~1.2 with a prerelease
      // Wildcards.
      {"1.2.x", {"1.2.0", "1.2.99"}, {"1.3.0", "1.1.9"}},
      {">= 1.2.x", {"1.2.0", "9.0.0"}, {"1.1.9"}},
      {"<= 2.x", {"2.9.9", "0.1.0"}, {"3.0.0"}},
      {"*", {"0.0.0", "1.2.3", "99.0.0"}, {"1.0.0-rc.1"}},
      {"X", {"4.5.6"}, {}},
      {"1.X", {"1.5.0"}, {"2.0.0"}},
      // Tilde.
      {"~1.2.3", {"1.2.3", "1.2.9"}, {"1.2.2", "1.3.0"}},
      {"~1", {"1.0.0", "1.9.9"}, {"2.0.0", "0.9.0"}},
      {"~2.3", {"2.3.0", "2.3.9"}, {"2.4.0"}},
      {"~1.2.x", {"1.2.0", "1.2.9"}, {"1.3.0"}},
      {"~1.x", {"1.0.0", "1.9.0"}, {"2.0.0"}},
      {"~> 1.2", {"1.2.5"}, {"1.3.0"}},
      // Caret, including the 0.x rules.
      {"^1.2.3", {"1.2.3", "1.9.9"}, {"1.2.2", "2.0.0"}},
      {"^1.2.x", {"1.2.0", "1.9.9"}, {"2.0.0"}},
      {"^2.3", {"2.3.0", "2.99.0"}, {"3.0.0", "2.2.9"}},
      {"^2.x", {"2.0.0", "2.9.9"}, {"3.0.0", "1.9.9"}},
      {"^0.2.3", {"0.2.3", "0.2.9"}, {"0.3.0", "0.2.2", "1.0.0"}},
      {"^0.2", {"0.2.0", "0.2.9"}, {"0.3.0"}},
      {"^0.0.3", {"0.0.3"}, {"0.0.4", "0.1.0"}},
      {"^0.0", {"0.0.0", "0.0.9"}, {"0.1.0"}},
      {"^0", {"0.0.0", "0.9.9"}, {"1.0.0"}},
      // Operators and their spellings; "v" and missing parts in bounds.
      {"=< 1.2", {"1.2.9", "1.0.0"}, {"1.3.0"}},
      {"=> 1.2", {"1.2.0"}, {"1.1.9"}},
      {"!= 1.2.3", {"1.2.4", "1.2.2"}, {"1.2.3", "v1.2.3"}},
      {"v1.2.3", {"1.2.3", "v1.2.3", "1.2.3+meta"}, {"1.2.4"}},
      {">=v1.2", {"1.2.0", "v1.3"}, {"1.1.0"}},
      {"1.2.3+meta", {"1.2.3"}, {"1.2.4"}},  // metadata in a bound is ignored
      // ANDs by commas, spaces, or both; tabs are spaces.
      {">1.0,<2.0", {"1.5.0"}, {"2.0.0", "1.0.0"}},
      {">1.0 ,  <2.0", {"1.5.0"}, {"2.0.0"}},
      {">1.0\t<2.0", {"1.5.0"}, {"2.0.0"}},
      // ORs.
      {"1.x || 3.x", {"1.2.0", "3.0.0"}, {"2.0.0"}},
      {"1 - 2 || 4", {"1.0.0", "2.0.0", "4.9.0"}, {"3.0.0"}},
      {"<1||>=3", {"0.5.0", "3.0.0"}, {"1.0.0"}},
      // Prereleases match only a group whose own terms name a prerelease.
      {">=1.2.3", {"1.2.3"}, {"1.2.4-beta", "2.0.0-rc.1"}},
      {">=1.2.3-0", {"1.2.4-beta", "1.2.3-alpha", "1.2.3--", "1.2.3"}, {"1.2.2", "1.2.2-rc.1"}},
      {">=1.2.3-BETA", {"1.2.3-alpha"}, {}},  // ASCII order: upper case first
      {">=1.0.0-0 <2.0.0 || >=3.0.0", {"1.5.0-rc.1", "3.1.0"}, {"3.1.0-rc.1"}},
      {"*-0", {"1.2.3-alpha.1", "1.2.3"}, {}},
  };
  for (const Case& c : cases) {
    Constraint parsed = Constraint::parse(c.constraint);
    for (const char* v : c.in)
      EXPECT_TRUE(parsed.matches(must_parse(v))) << c.constraint << " should match " << v;
    for (const char* v : c.out)
      EXPECT_FALSE(parsed.matches(must_parse(v))) << c.constraint << " should not match " << v;
  }
}

// Quirks of Masterminds' code kept on purpose: skopeo behaves this way.
TEST(SemverConstraint, MastermindsQuirks) {
  // A wildcard major drops the rest: "x.1.2" is "*".
  EXPECT_TRUE(check("x.1.2", "5.0.0"));
  // A wildcard minor drops the patch: "1.x.5" is "1.x".
  EXPECT_TRUE(check("1.x.5", "1.0.0"));
  // "^*" is only 0.0.0 and "<=*" only 0.0.z (the code, not the doc comment).
  EXPECT_TRUE(check("^*", "0.0.0"));
  EXPECT_FALSE(check("^*", "1.2.3"));
  EXPECT_TRUE(check("<=*", "0.0.9"));
  EXPECT_FALSE(check("<=*", "0.1.0"));
  // A range's upper bound reaching into "||" takes the digits after it.
  EXPECT_TRUE(check("1 - 2||3", "3.5.0"));
  EXPECT_TRUE(check("1 - 2||3", "2.0.0"));
  EXPECT_FALSE(check("1||2 - 3", "0.5.0"));  // ">= 1" || "2, <= 3" (2 is 2.x)
  EXPECT_TRUE(check("1||2 - 3", "2.5.0"));
  EXPECT_TRUE(check("1||2 - 3", "9.0.0"));
}

TEST(SemverConstraint, Invalid) {
  const char* bad[] = {
      "",
      "   ",
      "foo",
      ">= bar",
      "BAR >= 1.2.3",
      "v1.2.3-beta.01",
      "12.3.4.1234",
      "12.23.4.1234",
      "12.3.34~ 1.2.3",
      ">=1.x.y",
      "1 ||",
      "|| 1",
      "1 |||| 2",
      "1,",
      ",1",
      "1,,2",
      "1 , , 2",
      "==1",
      "=!1",
      ">>1",
      "> >1",
      ">=",
      ">= ,1",
      "1.2.3 -",
      "1.2.3 - ",
      "- 1.2.3",
      "1 - 2 - 3",
      "1 -- 2",
      "1.2.3.4 - 5",
      ">1 - 2",
      "V1.2",
      "vv1",
      "1x",
      "xx",
      "1.2x",
      "1|2",
      "1.2.3-",
      "1.2.3-beta..1",
      "1.2.3+a+b",
      "99999999999999999999",
      ">=1.99999999999999999999",
      "1.2.3 <2 >",
      "latest",
      "1.2.3_4",
  };
  for (const char* text : bad) EXPECT_THROW(Constraint::parse(text), std::invalid_argument) << text;
}

TEST(SemverConstraint, ErrorsNameTheBadPart) {
  EXPECT_EQ(parse_error(">=1.x.y"), "improper constraint: >=1.x.y");
  EXPECT_EQ(parse_error(">= 1.0, < 2.x.y"), "improper constraint: < 2.x.y");
  EXPECT_EQ(parse_error("^1 || foo"), "improper constraint: foo");
  EXPECT_EQ(parse_error(">=99999999999999999999"), "improper constraint: >=99999999999999999999");
  EXPECT_NE(parse_error("1 ||").find("empty"), std::string::npos);
}

TEST(SemverConstraint, Bounded) {
  // Longest accepted: 512 bytes; 32 alternatives.
  std::string many;
  for (int i = 0; i < 32; ++i) many += (i ? " || " : "") + std::to_string(i);
  EXPECT_NO_THROW(Constraint::parse(many));
  EXPECT_THROW(Constraint::parse(many + " || 32"), std::invalid_argument);
  std::string spaced = ">=1.0.0" + std::string(kMaxConstraintLength - 7, ' ');
  EXPECT_NO_THROW(Constraint::parse(spaced));
  EXPECT_THROW(Constraint::parse(spaced + " "), std::invalid_argument);
  // A long AND chain and long hostile text finish quickly and fail cleanly.
  std::string chain;
  while (chain.size() + 6 <= kMaxConstraintLength) chain += ">=1.0 ";
  EXPECT_TRUE(Constraint::parse(chain).matches(must_parse("1.0.0")));
  EXPECT_THROW(Constraint::parse(std::string(kMaxConstraintLength - 1, '1') + "|"), std::invalid_argument);
  EXPECT_THROW(Constraint::parse(std::string(kMaxConstraintLength, '-')), std::invalid_argument);
  EXPECT_THROW(Constraint::parse(std::string(1 << 20, '1')), std::invalid_argument);
}

// skopeo's sync: tags that do not parse are skipped, the others are checked.
TEST(SemverConstraint, PicksTagsLikeSkopeoSync) {
  const std::vector<std::string> tags = {"latest", "3.13",      "3.14",       "v3.14.1", "3.15.0-rc1", "3.16",
                                         "edge",   "3.16.2-r0", "sha256-abc", "4",       "2024.01.05"};
  Constraint c = Constraint::parse(">=3.14, <4");
  std::vector<std::string> picked;
  for (const auto& tag : tags) {
    auto v = parse_version(tag);
    if (v && c.matches(*v)) picked.push_back(tag);
  }
  EXPECT_EQ(picked, (std::vector<std::string>{"3.14", "v3.14.1", "3.16"}));
}
