#include "ferry/image_from_files/go_os_error.hpp"

#include <cctype>
#include <cstring>

namespace ferry::image_from_files {

std::string go_os_error(const std::string& op, const std::string& path, int err) {
  // Go's syscall texts are strerror's with a lower-case first letter.
  std::string text = std::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return op + " " + path + ": " + text;
}

}  // namespace ferry::image_from_files
