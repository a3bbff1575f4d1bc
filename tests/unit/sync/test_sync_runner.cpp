// The scheduler of sync, with a copy function standing in for the engine:
// what runs, in parallel or not, what is reported, and how failures end a run.
#include "sync/sync_report.hpp"
#include "sync/sync_runner.hpp"

#include <ferry/core/error.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

using namespace ferry::cli::sync;

namespace {

std::vector<SyncImage> images(size_t n) {
  std::vector<SyncImage> out;
  for (size_t i = 0; i < n; ++i)
    out.push_back(
        {"docker://src/a:" + std::to_string(i), "docker://dst/a:" + std::to_string(i), 0, i + 1, n});
  return out;
}

struct Logged {
  std::mutex m;
  std::vector<std::string> lines;
  LogFn fn() {
    return [this](const char* level, const std::string& msg, const Fields& f) {
      std::lock_guard lock(m);
      std::string l = std::string(level) + " " + msg;
      for (const auto& [k, v] : f) l += " " + k + "=" + v;
      lines.push_back(l);
    };
  }
};

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("ferry-sync-test-" + std::to_string(::getpid()) + "-" + name);
}

}  // namespace

TEST(SyncRunner, CopiesInParallelAndKeepsEachImagesLinesTogether) {
  std::atomic<int> running{0}, peak{0};
  std::ostringstream progress;
  RunSettings s;
  s.parallel = 4;
  s.progress = &progress;
  Logged log;
  auto copy = [&](const SyncImage& img, std::ostream* out) {
    const int now = ++running;
    for (int p = peak; now > p && !peak.compare_exchange_weak(p, now);) {
    }
    *out << "start " << img.source << "\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    *out << "end " << img.source << "\n";
    --running;
    return CopiedImage{false, "sha256:x", 10};
  };
  const RunSummary sum = run_sync(images(12), s, copy, log.fn());
  EXPECT_EQ(sum.synced, 12u);
  EXPECT_EQ(sum.copied, 12u);
  EXPECT_GT(peak.load(), 1);
  EXPECT_LE(peak.load(), 4);
  std::istringstream in(progress.str());
  std::string a, b;
  int pairs = 0;
  while (std::getline(in, a) && std::getline(in, b)) {
    EXPECT_EQ(a.substr(6), b.substr(4)) << "lines of two images interleaved";
    ++pairs;
  }
  EXPECT_EQ(pairs, 12);
  EXPECT_EQ(log.lines.size(), 12u);
}

TEST(SyncRunner, FirstFailureStopsTheRunWithoutKeepGoing) {
  RunSettings s;
  s.parallel = 1;
  Logged log;
  std::atomic<int> calls{0};
  auto copy = [&](const SyncImage& img, std::ostream*) -> CopiedImage {
    ++calls;
    if (img.number == 2) throw ferry::Error(FERRY_E_NOT_FOUND, "manifest unknown");
    return {false, "sha256:x", 1};
  };
  try {
    run_sync(images(5), s, copy, log.fn());
    FAIL() << "no error";
  } catch (const ferry::Error& e) {
    EXPECT_EQ(std::string(e.what()), "Error copying ref \"docker://src/a:1\": manifest unknown");
    EXPECT_EQ(e.code(), FERRY_E_NOT_FOUND);
  }
  EXPECT_EQ(calls.load(), 2);
}

TEST(SyncRunner, KeepGoingReportsEveryImageAndTheDigestFile) {
  const auto report_path = temp_file("report.jsonl");
  std::ostringstream digests;
  {
    ReportWriter report(report_path.string());
    RunSettings s;
    s.parallel = 3;
    s.keep_going = true;
    s.report = &report;
    s.digest_file = &digests;
    Logged log;
    auto copy = [&](const SyncImage& img, std::ostream*) -> CopiedImage {
      if (img.number % 3 == 0) throw ferry::Error(FERRY_E_IO, "connection reset");
      return {img.number % 3 == 1, "sha256:d" + std::to_string(img.number), 100};
    };
    const RunSummary sum = run_sync(images(9), s, copy, log.fn());
    EXPECT_EQ(sum.failed, 3u);
    EXPECT_EQ(sum.skipped, 3u);
    EXPECT_EQ(sum.copied, 3u);
    EXPECT_EQ(sum.synced, 6u);
    size_t errors = 0;
    for (const auto& l : log.lines)
      if (l.rfind("error Error copying ref \"docker://src/a:", 0) == 0 &&
          l.find("error=connection reset") != l.npos)
        ++errors;
    EXPECT_EQ(errors, 3u);
  }
  const std::string lines = digests.str();
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 6);
  EXPECT_NE(lines.find("sha256:d1 docker://dst/a:0\n"), std::string::npos);
  const auto failed = failed_sources(report_path.string());
  EXPECT_EQ(failed, (std::set<std::string>{"docker://src/a:2", "docker://src/a:5", "docker://src/a:8"}));
  std::filesystem::remove(report_path);
}

TEST(SyncRunner, DryRunCopiesNothing) {
  RunSettings s;
  s.dry_run = true;
  s.parallel = 4;
  Logged log;
  auto copy = [&](const SyncImage&, std::ostream*) -> CopiedImage {
    ADD_FAILURE() << "copied in a dry run";
    return {};
  };
  EXPECT_EQ(run_sync(images(3), s, copy, log.fn()).synced, 3u);
  ASSERT_EQ(log.lines.size(), 3u);
  EXPECT_EQ(log.lines[0], "info Would have copied image ref 1/3 from=docker://src/a:0 to=docker://dst/a:0");
}

TEST(SyncReport, LinesAndTheirReading) {
  ImageReport ok{"docker://s/a:1", "docker://d/a:1", Outcome::copied, "sha256:ab", 42, 1.23456, ""};
  EXPECT_EQ(
      report_line(ok),
      R"({"source":"docker://s/a:1","destination":"docker://d/a:1","status":"copied","digest":"sha256:ab","bytes":42,"seconds":1.235})");
  ImageReport bad{"docker://s/a:2", "docker://d/a:2", Outcome::failed, "", 0, 0.5, "bad \xff byte"};
  EXPECT_NE(report_line(bad).find("\"error\":\"bad \xEF\xBF\xBD byte\""), std::string::npos);

  // A re-run appended to the report: a later success clears the failure.
  const auto path = temp_file("rerun.jsonl");
  {
    std::ofstream out(path);
    out << report_line(bad) << "\n" << report_line(ok) << "\n";
    ImageReport again = bad;
    again.source = "docker://s/a:3";
    out << report_line(again) << "\n";
    bad.outcome = Outcome::skipped;
    out << report_line(bad) << "\n";
  }
  EXPECT_EQ(failed_sources(path.string()), std::set<std::string>{"docker://s/a:3"});
  {
    std::ofstream out(path);
    out << "{\"source\":\"x\"}\n";
  }
  try {
    failed_sources(path.string());
    FAIL();
  } catch (const ferry::Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 1 is not a sync report entry"), std::string::npos) << e.what();
  }
  {
    std::ofstream out(path);
    out << std::string(100000, '[');
  }
  EXPECT_THROW(failed_sources(path.string()), ferry::Error);
  std::filesystem::remove(path);
}

TEST(SyncRunner, InParallelAFailureStartsNoNewImage) {
  RunSettings s;
  s.parallel = 3;
  Logged log;
  std::atomic<int> started{0}, finished{0};
  auto copy = [&](const SyncImage& img, std::ostream*) -> CopiedImage {
    ++started;
    if (img.number == 1) throw ferry::Error(FERRY_E_IO, "broken");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ++finished;
    return {false, "sha256:x", 1};
  };
  EXPECT_THROW(run_sync(images(30), s, copy, log.fn()), ferry::Error);
  // The images running when the first failed finish; few start after it.
  EXPECT_EQ(started.load(), finished.load() + 1);
  EXPECT_LT(started.load(), 10);
}

TEST(SyncRunner, AReportThatCannotBeWrittenEndsTheRun) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  ReportWriter report("/dev/full");
  RunSettings s;
  s.parallel = 2;
  s.report = &report;
  Logged log;
  auto copy = [&](const SyncImage&, std::ostream*) -> CopiedImage { return {false, "sha256:x", 1}; };
  try {
    run_sync(images(4), s, copy, log.fn());
    FAIL() << "no error";
  } catch (const ferry::Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write the report file /dev/full"), std::string::npos);
  }
}
