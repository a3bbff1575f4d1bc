#include "command_line.hpp"

#include "command_help.hpp"
#include "declared_flags.hpp"
#include "flag_values.hpp"
#include "go_duration.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/log.hpp>
#include <ferry/core/stop.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

namespace ferry::cli {

std::optional<ParsedCommand> parse_command(App& app, const std::string& command, cxxopts::Options& opts,
                                           std::vector<std::string> args, size_t want,
                                           const std::string& wrong_count_message) {
  opts.add_options()("h,help", "help for " + command);
  opts.add_options(hidden_flags)("positional", "", cxxopts::value<std::vector<std::string>>());
  opts.parse_positional({"positional"});
  if (app.flags_reader()) {
    app.flags_reader()(opts);
    return std::nullopt;
  }
  check_flag_values(declared_flags(opts), args);
  std::vector<const char*> argv{"ferry"};
  for (const auto& a : args) argv.push_back(a.c_str());
  auto r = opts.parse(static_cast<int>(argv.size()), argv.data());
  if (flag_on(r, "help")) {
    std::cout << command_help(command, opts, app.plugins());
    return std::nullopt;
  }
  std::vector<std::string> pos;
  if (r.count("positional")) pos = r["positional"].as<std::vector<std::string>>();
  if (pos.size() != want) throw UsageError(wrong_count_message);
  return ParsedCommand{r, std::move(pos)};  // ParseResult copies only: it has no move constructor
}

bool flag_on(const cxxopts::ParseResult& flags, const std::string& name) {
  return flags.count(name) > 0 && flags[name].as<bool>();
}

void with_retries(const cxxopts::ParseResult& flags, const std::function<void()>& op) {
  // An int, as skopeo's: a negative count is no retry.
  const int64_t given = flags.count("retry-times") ? flags["retry-times"].as<int64_t>() : 0;
  const unsigned times = static_cast<unsigned>(std::clamp<int64_t>(given, 0, 1000000));
  std::optional<std::chrono::milliseconds> fixed;
  if (flags.count("retry-delay"))
    fixed = std::chrono::duration_cast<std::chrono::milliseconds>(
        parse_go_duration(flags["retry-delay"].as<std::string>()));
  for (unsigned attempt = 0;; ++attempt) {
    try {
      op();
      return;
    } catch (const Error& e) {
      if (e.code() != FERRY_E_RETRYABLE && e.code() != FERRY_E_IO) throw;
      if (attempt >= times || stop_requested() != StopReason::none) throw;
      auto delay = fixed ? *fixed : std::chrono::milliseconds(1000LL << std::min(attempt, 6u));
      log_message(LogLevel::warn,
                  std::string("Failed, retrying in ") + std::to_string(delay.count() / 1000.0) + "s (" +
                      std::to_string(attempt + 1) + "/" + std::to_string(times) + "): " + e.what());
      // In small steps, so that a signal or the command timeout ends the wait.
      for (auto slept = std::chrono::milliseconds(0); slept < delay; slept += std::chrono::milliseconds(50)) {
        if (stop_requested() != StopReason::none) throw;
        std::this_thread::sleep_for(std::min(std::chrono::milliseconds(50), delay - slept));
      }
    }
  }
}

}  // namespace ferry::cli
