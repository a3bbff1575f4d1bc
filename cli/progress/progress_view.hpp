// The CLI's progress displays: a CopyProgress that also hears what only the
// command knows, that the whole image is done or the error that ended it.
#pragma once

#include <ferry/core/copy_image.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace ferry::cli {

enum class ProgressMode { bars, lines, json, none };

// --progress's value: "auto" is bars on a terminal (out_fd) and lines
// otherwise; quiet (-q) is none. Nullopt for a value it does not know.
std::optional<ProgressMode> progress_mode(const std::string& value, bool quiet, int out_fd);

class ProgressView : public CopyProgress {
 public:
  virtual void image_done(const CopyResult&) {}
  virtual void failed(std::string_view) {}
};

// Null for ProgressMode::none. `every`: how often lines and JSON events
// repeat a blob's progress (bars redraw on their own, a few times a second).
std::unique_ptr<ProgressView> make_progress_view(ProgressMode mode, std::ostream& out, int out_fd,
                                                 std::chrono::milliseconds every);

}  // namespace ferry::cli
