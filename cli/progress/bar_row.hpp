// One blob's line among a terminal's progress bars, as skopeo draws it, with
// the rate and time left added: "Copying blob da2a4e6eefa8 [===>----]
// 3.4MiB / 9.2MiB 12.1MiB/s ETA 1s", then "... done" or "... skipped:
// already exists".
#pragma once

#include <ferry/core/copy_progress.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ferry::cli {

struct BarRow {
  std::string label;   // "Copying blob da2a4e6eefa8"
  int64_t total = -1;  // -1 when the source did not say
  uint64_t read = 0;
  std::optional<CopyProgress::BlobEnd> end;
  double seconds = 0;  // since the blob started
};

// The label skopeo gives a blob: 12 hex digits of a layer, 10 of a config.
std::string bar_label(const Descriptor& blob, bool is_config);

// The row, never wider than `columns - 1` (a full-width line would wrap on
// some terminals and break the redraw's cursor arithmetic).
std::string render_bar_row(const BarRow& row, size_t columns);

}  // namespace ferry::cli
