// Reading the files a policy involves (the policy itself, key files) with the
// errors Go's os.ReadFile gives: "open /x: no such file or directory".
#pragma once

#include <cstddef>
#include <limits>
#include <string>

namespace ferry::policy {

// The file's bytes; at most `max_bytes` + 1 of them, so that a caller can
// tell a file over its limit. Throws Error(FERRY_E_IO).
std::string read_whole_file(const std::string& path,
                            size_t max_bytes = std::numeric_limits<size_t>::max() - 1);

}  // namespace ferry::policy
