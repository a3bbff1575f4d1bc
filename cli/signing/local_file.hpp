// The small files the signing commands take (manifests, signatures, keys),
// read whole with a size limit, missing ones reported as Go reports them.
#pragma once

#include <string>

namespace ferry::cli {

// Throws "open PATH: no such file or directory" (after `what`) when missing.
std::string read_local_file(const std::string& path, const std::string& what);

}  // namespace ferry::cli
