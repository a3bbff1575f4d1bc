// Opening a file of an unpacked layer by a name that came from an untrusted
// tar-split file, so that neither "..", an absolute path nor a symbolic link
// can reach a file outside the layer's directory.
#pragma once

#include <string>

namespace ferry::tar_split {

// A regular file under the directory `root_fd`, opened read-only. Throws
// FERRY_E_INVALID_ARGUMENT for a name that is absolute or has a ".."
// component, FERRY_E_NOT_FOUND when it is absent (or would be reached only
// outside the root), FERRY_E_IO otherwise.
int open_beneath(int root_fd, const std::string& name);

}  // namespace ferry::tar_split
