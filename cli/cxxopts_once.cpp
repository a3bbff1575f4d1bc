#include "cxxopts_once.hpp"

#include <map>
#include <mutex>
#include <string>

namespace ferry::cli {

const std::regex& shared_option_pattern(const char* pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::regex> compiled;
  std::lock_guard lock(mutex);
  auto it = compiled.find(pattern);
  if (it == compiled.end()) it = compiled.emplace(pattern, std::regex(pattern)).first;
  return it->second;
}

}  // namespace ferry::cli
