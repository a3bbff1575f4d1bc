// skopeo's log lines on stderr, in logrus' text format:
//   time="2026-12-01T16:22:07Z" level=info msg="Synced 3 images from 1 sources"
// Scripts that wrap skopeo parse these, so ferry prints them the same way.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ferry::cli {

// Go's %q, as logrus quotes a message or a value.
std::string go_quote(const std::string& s);

// One line, with its newline. Values are quoted only where logrus would
// (anything beyond letters, digits and -._/@^+).
std::string log_line(const char* level, const std::string& message,
                     const std::vector<std::pair<std::string, std::string>>& fields = {});

}  // namespace ferry::cli
