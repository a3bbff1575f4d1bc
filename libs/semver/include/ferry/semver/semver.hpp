// Semantic versions and constraints with the semantics of Masterminds/semver
// v3 (NewVersion, NewConstraint, Check), which skopeo's `sync` uses for the
// `images-by-semver` key: a tag is synced when it parses as a version and the
// constraint matches it; tags that do not parse are skipped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::semver {

// Longest accepted inputs (Masterminds' MaxVersionLen and MaxConstraintLen):
// tags and configuration values are untrusted.
inline constexpr size_t kMaxVersionLength = 256;
inline constexpr size_t kMaxConstraintLength = 512;
inline constexpr size_t kMaxConstraintAlternatives = 32;  // "||" groups

struct Version {
  uint64_t major = 0, minor = 0, patch = 0;
  std::string prerelease;  // without the '-'
  std::string metadata;    // without the '+'
  std::string original;    // the text as given
};

// Lenient, as NewVersion: an optional leading "v", minor and patch may be
// missing (read as 0), leading zeros in them are accepted, then "-prerelease"
// and "+metadata". nullopt when the text is not such a version.
std::optional<Version> parse_version(std::string_view text);

// -1, 0 or 1 by semver precedence; metadata is ignored.
int compare(const Version& a, const Version& b);

// A range such as ">= 1.2, < 3 || ^4.1": ANDs separated by spaces or commas,
// ORed with "||".
class Constraint {
 public:
  // Throws std::invalid_argument naming the bad part, e.g.
  // "improper constraint: >=1.x.y".
  static Constraint parse(std::string_view text);
  // As Check: a prerelease version matches only through an OR group in which
  // some term has a prerelease itself.
  bool matches(const Version& v) const;

  // The parsed form.
  enum class Op { equal, not_equal, greater, less, greater_equal, less_equal, tilde, caret };
  struct Term {
    Op op;
    Version bound;  // wildcards and missing parts read as 0
    // A part was a wildcard or missing (dirty); from the minor on
    // (minor_dirty) or only the patch (patch_dirty).
    bool dirty = false, minor_dirty = false, patch_dirty = false;
  };
  struct Group {
    std::vector<Term> terms;
    bool has_prerelease = false;
  };

 private:
  std::vector<Group> groups_;
};

}  // namespace ferry::semver
