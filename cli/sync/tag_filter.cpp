#include "sync/tag_filter.hpp"

#include <ferry/semver/semver.hpp>

#include <re2/re2.h>

#include <memory>
#include <stdexcept>

namespace ferry::cli::sync {

std::optional<std::string> pattern_error(const RepositoryRule& rule) {
  if (rule.kind == RepositoryRule::Kind::tag_regex) {
    const RE2 compiled(rule.pattern, RE2::Quiet);
    if (!compiled.ok()) return compiled.error();
  } else if (rule.kind == RepositoryRule::Kind::semver) {
    try {
      semver::Constraint::parse(rule.pattern);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
  }
  return std::nullopt;
}

TagFilter tag_filter(const RepositoryRule& rule) {
  switch (rule.kind) {
    case RepositoryRule::Kind::tag_regex: {
      auto pattern = std::make_shared<RE2>(rule.pattern, RE2::Quiet);
      return [pattern](const std::string& tag) { return RE2::PartialMatch(tag, *pattern); };
    }
    case RepositoryRule::Kind::semver: {
      auto constraint = std::make_shared<semver::Constraint>(semver::Constraint::parse(rule.pattern));
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
