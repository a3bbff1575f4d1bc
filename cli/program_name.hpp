// The name ferry speaks as. Installed as `skopeo` (a symlink made by
// -DFERRY_INSTALL_SKOPEO_ALIAS=ON, for update-alternatives), it is a drop-in:
// its help, usage errors and --version say "skopeo"; under any other name it
// is ferry.
#pragma once

#include <string>
#include <string_view>

namespace ferry::cli {

// Settles the name from argv[0]; call once, before anything prints.
void set_program_name(std::string_view argv0);

// "skopeo" when invoked under that name, otherwise "ferry".
const std::string& program_name();

// What --version prints: "ferry version 0.1.0", or under the skopeo name
// "skopeo version 0.1.0 (ferry)" — the first three words are what scripts parse.
std::string version_line();

}  // namespace ferry::cli
