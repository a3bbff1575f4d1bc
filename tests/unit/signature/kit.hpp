// The signing test kit (test-only keys, vectors made by real skopeo builds).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ferry::test {

inline std::filesystem::path kit() { return FERRY_SIGNING_KIT; }

inline std::string kit_file(const std::string& relative) {
  std::ifstream in(kit() / relative, std::ios::binary);
  if (!in) throw std::runtime_error("missing kit file " + relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A passphrase file's first line, as the command line reads it.
inline std::string kit_passphrase(const std::string& relative) {
  std::string text = kit_file(relative);
  return text.substr(0, text.find('\n'));
}

}  // namespace ferry::test
