// Progress as JSON events, one per line (--progress json).
#pragma once

#include "progress/progress_view.hpp"

namespace ferry::cli {

std::unique_ptr<ProgressView> make_json_view(std::ostream& out, std::chrono::milliseconds every);

}  // namespace ferry::cli
