// Paths inside the layer directory. Names are split into plain components
// (no "..", never absolute) and every lookup goes through openat2 with
// RESOLVE_BENEATH: a symbolic link is followed only while it stays inside the
// layer, so an entry can never reach outside it, whatever links earlier
// entries or lower layers left behind. Everything below the looked-up
// directory happens relative to its descriptor (the *at calls), so a later
// change of the tree cannot redirect it either.
#pragma once

#include "fd.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::layer_unpack::detail {

// Longest entry name or link target accepted (Linux's PATH_MAX).
inline constexpr size_t max_path = 4096;

// "./a//b/" -> {"a", "b"}; the layer root itself is no components. Throws,
// naming `entry`, for absolute names, "..", NUL and names over max_path.
// what prefixes the reason (for names that are not the entry's own).
std::vector<std::string> split_name(std::string_view name, std::string_view entry,
                                    const std::string& what = "");

// The first n components joined with '/'.
std::string join(const std::vector<std::string>& parts, size_t n);

// The directory at rel (relative to root, "" for root itself), following
// symbolic links that stay beneath root. Sets err (ENOENT, ENOTDIR, EXDEV for
// a way out, ...) and returns an empty Fd on failure.
// beneath: a link leading out of root is an error (EXDEV) instead.
Fd open_dir(int root, const std::string& rel, int& err, bool follow_last = true, bool beneath = false);

// As open_dir for the first n components, creating missing directories
// (0755, owned by us) as containers/storage's MkdirAll does.
Fd make_dirs(int root, const std::vector<std::string>& parts, size_t n, int& err, bool beneath = false);

// Removes name in dir and all below it without following symbolic links.
// Returns 0 (also when nothing was there) or an errno value.
int remove_all(int dir, const std::string& name);

// "/proc/self/fd/<dir>/<name>": for the calls that have no *at form
// (lsetxattr, llistxattr); the last component is still not followed.
std::string proc_path(int dir, const std::string& name);

// The reason for an open_dir/make_dirs failure, in words.
std::string lookup_failure(int err);

}  // namespace ferry::layer_unpack::detail
