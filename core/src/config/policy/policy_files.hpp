// Reading the files a policy involves (the policy itself, key files) with the
// errors Go's os.ReadFile gives: "open /x: no such file or directory".
#pragma once

#include <cstddef>
#include <limits>
#include <string>

namespace ferry::policy {

// Key files (keyPath, keyPaths) larger than this are no key files (a path
// such as /dev/zero must not exhaust memory); what is read of one then fails
// as a key.
inline constexpr size_t max_key_file = 16 * 1024 * 1024;

// The file's bytes; at most `max_bytes` + 1 of them, so that a caller can
// tell a file over its limit. Throws Error(FERRY_E_IO).
std::string read_whole_file(const std::string& path, size_t max_bytes = max_key_file);

}  // namespace ferry::policy
