// --report FILE: one JSON object per line and per image, written as each image
// finishes, so that a mirror job can be audited while it runs and re-run for
// only its failures (--only-failed FILE); docs/sync.md shows an example.
// Members: source, destination, status, digest, bytes, seconds, error. status is "copied", "skipped" (the destination already held it) or
// "failed"; digest and bytes are absent on failure, error only on failure.
#pragma once

#include <cstdint>
#include <fstream>
#include <mutex>
#include <set>
#include <string>

namespace ferry::cli::sync {

enum class Outcome { copied, skipped, failed };

struct ImageReport {
  std::string source;       // an image name, transport included
  std::string destination;  // the same
  Outcome outcome = Outcome::copied;
  std::string digest;  // the manifest digest written or found
  uint64_t bytes = 0;  // blob bytes moved
  double seconds = 0;
  std::string error;
};

// One line of the report.
std::string report_line(const ImageReport& r);

class ReportWriter {
 public:
  // Truncates or creates `path`; throws FERRY_E_IO naming it.
  explicit ReportWriter(const std::string& path);
  // Thread-safe; each line is flushed whole.
  void write(const ImageReport& r);

 private:
  std::string path_;
  std::ofstream out_;
  std::mutex mutex_;
};

// The sources a report names as failed, minus those a later line of the same
// report shows done (a report appended by re-runs). Throws
// FERRY_E_INVALID_ARGUMENT naming the file and line of a malformed entry.
std::set<std::string> failed_sources(const std::string& report_path);

}  // namespace ferry::cli::sync
