// ferry manifest-digest MANIFEST-FILE
#include "../command_line.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ferry::cli {
namespace {

int run_manifest_digest(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " manifest-digest", "Compute a manifest digest of a file");
  auto parsed =
      parse_command(app, command, o, args, 1, "Usage: " + program_name() + " manifest-digest manifest");
  if (!parsed) return 0;
  const std::string& file = parsed->positional[0];
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    fail(FERRY_E_IO, "Error reading manifest from " + file + ": open " + file + ": " + go_errno_text(errno));
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::cout << manifest_digest(bytes.str()).str() << "\n";
  return 0;
}

}  // namespace

CommandFn manifest_digest_command() { return &run_manifest_digest; }

}  // namespace ferry::cli
