// Commands of skopeo's command line that this ferry does not offer yet. They
// exist so that scripts get a plain answer instead of "unknown command".
#include "../app.hpp"

#include <ferry/core/error.hpp>

#include <iostream>

namespace ferry::cli {
namespace {

int run_not_implemented(App&, const std::string& command, std::vector<std::string> args) {
  for (const auto& a : args)
    if (a == "-h" || a == "--help") {
      std::cout << "ferry " << command << ": not implemented in this version of ferry\n";
      return 0;
    }
  fail(FERRY_E_NOT_SUPPORTED, "ferry " + command + " is not implemented in this version of ferry");
}

}  // namespace

CommandFn not_implemented_command() { return &run_not_implemented; }

}  // namespace ferry::cli
