#include <ferry/core/copy_progress.hpp>

#include <string>

namespace ferry {

void LineProgress::write_line(std::string_view line) {
  std::lock_guard lock(mutex_);
  out_ << line << '\n' << std::flush;
}

void LineProgress::step(std::string_view line) { write_line(line); }

void LineProgress::blob_started(uint64_t, const Descriptor& blob, bool is_config) {
  write_line(std::string(is_config ? "Copying config " : "Copying blob ") + blob.digest.str());
}

}  // namespace ferry
