// Where sync puts each image, named exactly as skopeo names it.
#pragma once

#include "sync/sync_kinds.hpp"

#include <string>

namespace ferry::cli::sync {

// Go's path.Join: joins with "/" and cleans the result (no "//", "." or
// "..", no trailing "/").
std::string join_path(const std::string& a, const std::string& b);
// Go's path.Base: the last element; "." for "", "/" for "/".
std::string base_name(const std::string& path);

// The part of the source's name that the destination keeps:
//  - a registry image: its full normalized name, "docker.io/library/busybox:1";
//  - a dir: image: its (absolute) path without the SOURCE prefix as the user
//    wrote it, or the base name of SOURCE when SOURCE is itself the image.
// Without --scoped only the last element of that is kept ("busybox:1").
std::string destination_suffix(const std::string& source_part, bool scoped);

// The image name of DEST/SUFFIX + append_suffix in the kind's transport, as
// skopeo builds it (append_suffix goes after the whole name, tag included).
std::string destination_name(Kind kind, const std::string& destination, const std::string& suffix,
                             const std::string& append_suffix);

}  // namespace ferry::cli::sync
