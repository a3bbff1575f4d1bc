#include "signing_kit.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ferry::test {

namespace fs = std::filesystem;

fs::path kit() { return fs::weakly_canonical(FERRY_SIGNING_KIT); }

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string kit_policy(const std::string& name) {
  std::string text = read_file(kit() / "policies" / (name + ".json"));
  const std::pair<std::string, std::string> fills[] = {{"@KEYS@", (kit() / "keys").string()},
                                                       {"@VECTORS@", (kit() / "vectors").string()},
                                                       {"@REG@", "127.0.0.1:5000"}};
  for (const auto& [from, to] : fills)
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  return text;
}

std::vector<std::string> dir_signatures(const fs::path& dir, const std::string& prefix) {
  std::vector<std::string> out;
  for (int n = 1; fs::exists(dir / (prefix + "signature-" + std::to_string(n))); ++n)
    out.push_back(read_file(dir / (prefix + "signature-" + std::to_string(n))));
  return out;
}

}  // namespace ferry::test
