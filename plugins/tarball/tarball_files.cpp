#include "tarball_files.hpp"

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

}  // namespace ferry::plugins::tarball
