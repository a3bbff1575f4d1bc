// The file list of a tarball: reference.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ferry::plugins::tarball {

// "a.tar:b.tar.gz" → {"a.tar", "b.tar.gz"}; ':' separates, so no path holds one.
std::vector<std::string> split_file_list(std::string_view text);

}  // namespace ferry::plugins::tarball
