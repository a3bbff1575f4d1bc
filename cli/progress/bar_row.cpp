#include "progress/bar_row.hpp"
#include "progress/byte_units.hpp"

#include <algorithm>
#include <cmath>

namespace ferry::cli {

std::string bar_label(const Descriptor& blob, bool is_config) {
  const std::string& hex = blob.digest.hex();
  return std::string(is_config ? "Copying config " : "Copying blob ") + hex.substr(0, is_config ? 10 : 12);
}

namespace {

std::string bar(double fraction, size_t width) {
  const auto filled =
      static_cast<size_t>(std::floor(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(width)));
  if (filled >= width) return "[" + std::string(width, '=') + "]";
  return "[" + std::string(filled, '=') + ">" + std::string(width - filled - 1, '-') + "]";
}

std::string fit(std::string line, size_t columns) {
  const size_t max = columns > 1 ? columns - 1 : 0;
  if (line.size() > max) line.resize(max);
  return line;
}

}  // namespace

std::string render_bar_row(const BarRow& row, size_t columns) {
  if (row.end == CopyProgress::BlobEnd::copied) return fit(row.label + " done", columns);
  if (row.end == CopyProgress::BlobEnd::skipped) return fit(row.label + " skipped: already exists", columns);
  const double rate = row.seconds > 0.001 ? static_cast<double>(row.read) / row.seconds : 0;
  std::string counts = byte_size(row.read);
  if (row.total >= 0) counts += " / " + byte_size(static_cast<uint64_t>(row.total));
  std::string tail = counts + " " + byte_rate(rate);
  if (row.total >= 0 && rate > 0 && row.read <= static_cast<uint64_t>(row.total))
    tail += " ETA " + seconds_left(std::chrono::seconds(std::llround(
                          static_cast<double>(static_cast<uint64_t>(row.total) - row.read) / rate)));
  if (row.total <= 0) return fit(row.label + " " + tail, columns);
  // The bar takes what the label, the figures and the four cells around the
  // bar (" [", "] ") leave of the line, within 10 to 40 cells.
  const size_t used = row.label.size() + tail.size() + 4 + 1;
  const size_t room = columns > used ? columns - used : 0;
  if (room < 10) return fit(row.label + " " + tail, columns);
  const double fraction = static_cast<double>(row.read) / static_cast<double>(row.total);
  return fit(row.label + " " + bar(fraction, std::min<size_t>(room, 40)) + " " + tail, columns);
}

}  // namespace ferry::cli
