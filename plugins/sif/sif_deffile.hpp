// A SIF's definition file: its %environment and %runscript sections become a
// script the image runs, /podman/runscript, as the containers tools make it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::plugins::sif {

inline constexpr std::string_view injected_script_path = "podman/runscript";  // under the root

struct DefSections {
  std::vector<std::string> environment;  // non-empty, non-comment lines
  std::vector<std::string> runscript;    // every line
};

// Lines are trimmed; a line starting with '%' opens a section. Throws when a
// line is longer than Go's bufio.Scanner takes (64 KiB), as skopeo fails then.
DefSections parse_def_file(std::string_view text);

// The script, or nullopt when both sections are empty (the image runs "bash").
std::optional<std::string> injected_script(const DefSections& sections);

}  // namespace ferry::plugins::sif
