// Progress as lines (--progress lines, and what a pipe gets by default).
#pragma once

#include "progress/progress_view.hpp"

namespace ferry::cli {

std::unique_ptr<ProgressView> make_line_view(std::ostream& out, std::chrono::milliseconds every);

}  // namespace ferry::cli
