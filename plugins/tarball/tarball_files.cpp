#include "tarball_files.hpp"

#include <cctype>
#include <cstring>

namespace ferry::plugins::tarball {

std::vector<std::string> split_file_list(std::string_view text) {
  std::vector<std::string> files;
  for (;;) {
    size_t colon = text.find(':');
    files.emplace_back(text.substr(0, colon));
    if (colon == std::string_view::npos) return files;
    text.remove_prefix(colon + 1);
  }
}

std::string go_os_error(const std::string& op, const std::string& path, int err) {
  // Go's syscall texts are strerror's with a lower-case first letter.
  std::string text = std::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return op + " " + path + ": " + text;
}

}  // namespace ferry::plugins::tarball
