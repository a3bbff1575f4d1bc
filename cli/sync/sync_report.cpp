#include "sync/sync_report.hpp"

#include <ferry/core/error.hpp>
#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

namespace ferry::cli::sync {
namespace {

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::copied:
      return "copied";
    case Outcome::skipped:
      return "skipped";
    case Outcome::failed:
      break;
  }
  return "failed";
}

// A report line holds two names, a digest and an error message.
constexpr json_input::Limits report_line_limits{"sync report lines", 64 * 1024, 4};

// std::getline would grow without bound on a file with no newline.
bool read_line(std::istream& in, std::string& line, const std::string& where) {
  line.clear();
  char c;
  while (in.get(c)) {
    if (c == '\n') return true;
    if (line.size() >= report_line_limits.max_bytes)
      fail(FERRY_E_INVALID_ARGUMENT,
           where + " is longer than " + json_input::size_text(report_line_limits.max_bytes));
    line += c;
  }
  return !line.empty();
}

}  // namespace

std::string report_line(const ImageReport& r) {
  nlohmann::ordered_json j;
  j["source"] = r.source;
  j["destination"] = r.destination;
  j["status"] = outcome_name(r.outcome);
  if (r.outcome != Outcome::failed) {
    j["digest"] = r.digest;
    j["bytes"] = r.bytes;
  }
  j["seconds"] = std::round(r.seconds * 1000) / 1000;
  if (r.outcome == Outcome::failed) j["error"] = r.error;
  // Messages may carry bytes from a registry: never let them break the line.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ReportWriter::ReportWriter(const std::string& path) : path_(path), out_(path, std::ios::trunc) {
  if (!out_) fail(FERRY_E_IO, "cannot write the report file " + path);
}

void ReportWriter::write(const ImageReport& r) {
  const std::string line = report_line(r) + "\n";
  std::lock_guard lock(mutex_);
  out_ << line << std::flush;
  if (!out_) fail(FERRY_E_IO, "cannot write the report file " + path_);
}

std::set<std::string> failed_sources(const std::string& report_path) {
  std::ifstream in(report_path);
  if (!in) fail(FERRY_E_INVALID_ARGUMENT, "cannot read the report " + report_path);
  std::set<std::string> failed;
  std::string line;
  for (size_t n = 1;; ++n) {
    const std::string where = "the report " + report_path + ", line " + std::to_string(n);
    if (!read_line(in, line, where)) break;
    if (line.empty()) continue;
    const auto j = json_input::parse(line, report_line_limits, where);
    json_input::Fields<nlohmann::json> f(j, where);
    const auto source = f.string("source");
    const auto status = f.string("status");
    if (!source || !status || (*status != "copied" && *status != "skipped" && *status != "failed"))
      fail(FERRY_E_INVALID_ARGUMENT, where +
                                         " is not a sync report entry (it needs \"source\" and a "
                                         "\"status\" of copied, skipped or failed)");
    if (*status == "failed")
      failed.insert(*source);
    else
      failed.erase(*source);
  }
  if (in.bad()) fail(FERRY_E_IO, "cannot read the report " + report_path);
  return failed;
}

}  // namespace ferry::cli::sync
