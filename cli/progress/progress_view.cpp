#include "progress/progress_view.hpp"
#include "progress/bar_view.hpp"
#include "progress/json_view.hpp"
#include "progress/line_view.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace ferry::cli {

std::optional<ProgressMode> progress_mode(const std::string& value, bool quiet, int out_fd) {
  std::optional<ProgressMode> mode;
  if (value == "auto") {
    const char* term = std::getenv("TERM");
    const bool terminal = ::isatty(out_fd) == 1 && !(term && std::strcmp(term, "dumb") == 0);
    mode = terminal ? ProgressMode::bars : ProgressMode::lines;
  } else if (value == "bars") {
    mode = ProgressMode::bars;
  } else if (value == "lines") {
    mode = ProgressMode::lines;
  } else if (value == "json") {
    mode = ProgressMode::json;
  } else if (value == "none") {
    mode = ProgressMode::none;
  } else {
    return std::nullopt;
  }
  return quiet ? ProgressMode::none : mode;
}

std::unique_ptr<ProgressView> make_progress_view(ProgressMode mode, std::ostream& out, int out_fd,
                                                 std::chrono::milliseconds every) {
  switch (mode) {
    case ProgressMode::bars:
      return make_bar_view(out, out_fd);
    case ProgressMode::lines:
      return make_line_view(out, every);
    case ProgressMode::json:
      return make_json_view(out, every);
    case ProgressMode::none:
      break;
  }
  return nullptr;
}

}  // namespace ferry::cli
