#include "program_name.hpp"

namespace ferry::cli {
namespace {

std::string& name_storage() {
  static std::string name = "ferry";
  return name;
}

}  // namespace

void set_program_name(std::string_view argv0) {
  const auto slash = argv0.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? argv0 : argv0.substr(slash + 1);
  name_storage() = base == "skopeo" ? "skopeo" : "ferry";
}

const std::string& program_name() { return name_storage(); }

std::string version_line() {
  std::string line = program_name() + " version " FERRY_VERSION;
  if (program_name() != "ferry") line += " (ferry)";
  return line;
}

}  // namespace ferry::cli
