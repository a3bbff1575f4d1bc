// Copies a sync's images, several at once: each image's copy is independent,
// so the slow parts (round trips, a registry's ingest) overlap. Each image's
// progress lines are kept together: printed as they come when one image runs
// at a time, as a block when it finishes otherwise.
#pragma once

#include "sync/sync_report.hpp"

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ferry::cli::sync {

struct SyncImage {
  std::string source;  // image names, transport included
  std::string destination;
  size_t group = 0;   // the source it came from (skopeo's "sources")
  size_t number = 0;  // 1-based within its group, for "Copying image ref 2/7"
  size_t of = 0;
};

struct CopiedImage {
  bool skipped = false;  // the destination already held it
  std::string digest;
  uint64_t bytes = 0;
};

// A log line in skopeo's shape: level, message, fields in order.
using Fields = std::vector<std::pair<std::string, std::string>>;
using LogFn = std::function<void(const char* level, const std::string& message, const Fields& fields)>;
// Copies one image, writing progress lines to `progress` (null: quiet).
// Throws ferry::Error on failure.
using CopyFn = std::function<CopiedImage(const SyncImage& image, std::ostream* progress)>;

struct RunSettings {
  unsigned parallel = 1;
  bool keep_going = false;  // log a failure and go on; fail at the end
  bool dry_run = false;     // log what would be copied, copy nothing
  std::ostream* progress = nullptr;
  std::ostream* digest_file = nullptr;  // "<digest> <destination>" per image synced
  ReportWriter* report = nullptr;
};

struct RunSummary {
  size_t synced = 0;  // copied or already present (skopeo's count)
  size_t copied = 0, skipped = 0, failed = 0;
};

// Runs every image. Without keep_going, the first failure stops new images
// from starting and is rethrown, as "Error copying ref "SRC": …", once those
// running have finished. With keep_going, failures are logged and counted.
// A stop request (signal, --command-timeout) starts no new image.
RunSummary run_sync(const std::vector<SyncImage>& images, const RunSettings& settings, const CopyFn& copy,
                    const LogFn& log);

}  // namespace ferry::cli::sync
