// The file list of a tarball: reference, and how each file is opened.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ferry::plugins::tarball {

// "a.tar:b.tar.gz" → {"a.tar", "b.tar.gz"}; ':' separates, so no path holds one.
std::vector<std::string> split_file_list(std::string_view text);

// An errno as Go's os package words it ("open a.tar: no such file or directory").
std::string go_os_error(const std::string& op, const std::string& path, int err);

}  // namespace ferry::plugins::tarball
