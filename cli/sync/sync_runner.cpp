#include "sync/sync_runner.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/stop.hpp>

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>

namespace ferry::cli::sync {
namespace {

class Run {
 public:
  Run(const std::vector<SyncImage>& images, const RunSettings& s, const CopyFn& copy, const LogFn& log)
      : images_(images), s_(s), copy_(copy), log_(log) {}

  RunSummary go() {
    const unsigned workers =
        std::max(1u, std::min<unsigned>(s_.parallel, static_cast<unsigned>(images_.size())));
    if (workers == 1 || s_.dry_run) {
      work(true);
    } else {
      std::vector<std::thread> pool;
      for (unsigned i = 0; i < workers; ++i) pool.emplace_back([this] { work(false); });
      for (auto& t : pool) t.join();
    }
    if (first_error_) std::rethrow_exception(first_error_);
    // A signal or --command-timeout ended the run early: never report success.
    if (next_ < images_.size() && stop_requested() != StopReason::none)
      throw Error(FERRY_E_CANCELLED, std::to_string(images_.size() - std::min(next_.load(), images_.size())) +
                                         " images were not synced");
    return summary_;
  }

 private:
  void work(bool direct) {
    for (;;) {
      if (stopped_ || stop_requested() != StopReason::none) return;
      const size_t n = next_++;
      if (n >= images_.size()) return;
      one(images_[n], direct);
    }
  }

  void one(const SyncImage& img, bool direct) {
    const Fields from_to{{"from", img.source}, {"to", img.destination}};
    const std::string counter = std::to_string(img.number) + "/" + std::to_string(img.of);
    if (s_.dry_run) {
      log("info", "Would have copied image ref " + counter, from_to);
      std::lock_guard lock(mutex_);
      ++summary_.synced;
      return;
    }
    log("info", "Copying image ref " + counter, from_to);
    const auto started = std::chrono::steady_clock::now();
    ImageReport report;
    report.source = img.source;
    report.destination = img.destination;
    std::ostringstream buffered;
    std::ostream* progress = s_.progress && !direct ? &buffered : s_.progress;
    try {
      const CopiedImage done = copy_(img, progress);
      report.outcome = done.skipped ? Outcome::skipped : Outcome::copied;
      report.digest = done.digest;
      report.bytes = done.bytes;
    } catch (const Error& e) {
      report.outcome = Outcome::failed;
      report.error = e.what();
      failure(img, e);
    } catch (const std::exception& e) {
      const Error internal(FERRY_E_INTERNAL, e.what());
      report.outcome = Outcome::failed;
      report.error = internal.what();
      failure(img, internal);
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::lock_guard lock(mutex_);
    if (progress == &buffered) *s_.progress << buffered.str() << std::flush;
    try {
      if (s_.report) s_.report->write(report);
    } catch (const Error& e) {
      remember(e);  // a report that cannot be written ends the run
    }
    switch (report.outcome) {
      case Outcome::failed:
        ++summary_.failed;
        return;
      case Outcome::skipped:
        ++summary_.skipped;
        break;
      case Outcome::copied:
        ++summary_.copied;
    }
    ++summary_.synced;
    if (s_.digest_file) {
      *s_.digest_file << report.digest << ' ' << img.destination << '\n' << std::flush;
      if (!*s_.digest_file) remember(Error(FERRY_E_IO, "cannot write the digest file"));
    }
  }

  void failure(const SyncImage& img, const Error& e) {
    const std::string what = "Error copying ref \"" + img.source + "\"";
    if (s_.keep_going) {
      log("error", what, {{"error", e.what()}});
      return;
    }
    remember(Error(e.code(), what + ": " + e.what()));
  }

  void remember(const Error& e) {
    std::lock_guard lock(error_mutex_);
    if (!first_error_) first_error_ = std::make_exception_ptr(e);
    stopped_ = true;
  }

  void log(const char* level, const std::string& message, const Fields& fields) {
    std::lock_guard lock(log_mutex_);
    log_(level, message, fields);
  }

  const std::vector<SyncImage>& images_;
  const RunSettings& s_;
  const CopyFn& copy_;
  const LogFn& log_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> stopped_{false};
  std::mutex mutex_, log_mutex_, error_mutex_;
  std::exception_ptr first_error_;
  RunSummary summary_;
};

}  // namespace

RunSummary run_sync(const std::vector<SyncImage>& images, const RunSettings& settings, const CopyFn& copy,
                    const LogFn& log) {
  return Run(images, settings, copy, log).go();
}

}  // namespace ferry::cli::sync
