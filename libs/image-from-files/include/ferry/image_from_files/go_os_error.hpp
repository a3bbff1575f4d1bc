// A failed system call as Go's os package words it, so messages about the
// user's files read as skopeo's do ("open a.tar: no such file or directory").
#pragma once

#include <string>

namespace ferry::image_from_files {

std::string go_os_error(const std::string& op, const std::string& path, int err);

}  // namespace ferry::image_from_files
