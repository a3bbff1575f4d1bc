#include "sync/tag_filter.hpp"

#include <ferry/semver/semver.hpp>

#include <re2/re2.h>

#include <memory>

namespace ferry::cli::sync {

TagFilter tag_filter(const RepositoryRule& rule) {
  switch (rule.kind) {
    case RepositoryRule::Kind::tag_regex: {
      auto pattern = std::make_shared<RE2>(rule.tag_regex, RE2::Quiet);
      return [pattern](const std::string& tag) { return RE2::PartialMatch(tag, *pattern); };
    }
    case RepositoryRule::Kind::semver: {
      auto constraint = std::make_shared<semver::Constraint>(semver::Constraint::parse(rule.semver));
      return [constraint](const std::string& tag) {
        const auto v = semver::parse_version(tag);
        return v && constraint->matches(*v);
      };
    }
    case RepositoryRule::Kind::images:
      break;
  }
  return [](const std::string&) { return true; };
}

}  // namespace ferry::cli::sync
