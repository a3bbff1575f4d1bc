// Creating one directory with the mode a store's format asks for (umask
// aside), where an existing one is fine.
#pragma once

#include <filesystem>

namespace ferry::file_io {

// Throws sdk::Error(FERRY_E_IO) naming the path; an existing directory is left as it is.
void make_directory(const std::filesystem::path& path, unsigned mode);

}  // namespace ferry::file_io
