// Progress as bars on a terminal (--progress bars).
#pragma once

#include "progress/progress_view.hpp"

namespace ferry::cli {

// `fd` is the terminal `out` writes to, asked for its width at each redraw.
std::unique_ptr<ProgressView> make_bar_view(std::ostream& out, int fd);

}  // namespace ferry::cli
