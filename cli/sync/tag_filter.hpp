// Which of a repository's tags a sync file's rule takes: every tag, those a
// regular expression finds a match in (Go's RE2 syntax, unanchored, as skopeo
// matches), or those that are semantic versions within a constraint (tags
// that are not versions are left out).
#pragma once

#include "sync/sync_file.hpp"

#include <functional>
#include <optional>
#include <string>

namespace ferry::cli::sync {

using TagFilter = std::function<bool(const std::string& tag)>;

// Why a rule's regular expression or constraint is invalid; nullopt when it is valid.
std::optional<std::string> pattern_error(const RepositoryRule& rule);

// The rule was checked when the file was read (pattern_error); this cannot fail.
TagFilter tag_filter(const RepositoryRule& rule);

}  // namespace ferry::cli::sync
