#include "command_line.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/log.hpp>

#include <chrono>
#include <iostream>
#include <thread>

namespace ferry::cli {

std::optional<ParsedCommand> parse_command(cxxopts::Options& opts, const std::vector<std::string>& args,
                                           size_t want, const std::string& wrong_count_message) {
  opts.add_options()("h,help", "help for this command")("positional", "",
                                                        cxxopts::value<std::vector<std::string>>());
  opts.parse_positional({"positional"});
  std::vector<const char*> argv{"ferry"};
  for (const auto& a : args) argv.push_back(a.c_str());
  auto r = opts.parse(static_cast<int>(argv.size()), argv.data());
  if (r.count("help")) {
    std::cout << opts.help({""}) << "\n";
    return std::nullopt;
  }
  std::vector<std::string> pos;
  if (r.count("positional")) pos = r["positional"].as<std::vector<std::string>>();
  if (pos.size() != want) throw UsageError(wrong_count_message);
  return ParsedCommand{std::move(r), std::move(pos)};
}

namespace {
std::chrono::milliseconds parse_duration(const std::string& s) {
  // Go durations as users write them for this flag: "500ms", "2s", "1m".
  size_t used = 0;
  double v = std::stod(s, &used);
  std::string unit = s.substr(used);
  double ms = unit == "ms" ? v : unit == "m" ? v * 60000 : unit == "h" ? v * 3600000 : v * 1000;
  return std::chrono::milliseconds(static_cast<long long>(ms));
}
}  // namespace

void with_retries(const cxxopts::ParseResult& flags, const std::function<void()>& op) {
  unsigned times = flags.count("retry-times") ? flags["retry-times"].as<unsigned>() : 0;
  std::optional<std::chrono::milliseconds> fixed;
  if (flags.count("retry-delay")) {
    try {
      fixed = parse_duration(flags["retry-delay"].as<std::string>());
    } catch (const std::exception&) {
      throw UsageError("invalid --retry-delay \"" + flags["retry-delay"].as<std::string>() + "\"");
    }
  }
  for (unsigned attempt = 0;; ++attempt) {
    try {
      op();
      return;
    } catch (const Error& e) {
      if (e.code() != FERRY_E_RETRYABLE && e.code() != FERRY_E_IO) throw;
      if (attempt >= times) throw;
      auto delay = fixed ? *fixed : std::chrono::milliseconds(1000LL << std::min(attempt, 6u));
      log_message(LogLevel::warn, std::string("Failed, retrying in ") +
                                      std::to_string(delay.count() / 1000.0) + "s (" +
                                      std::to_string(attempt + 1) + "/" + std::to_string(times) + "): " + e.what());
      std::this_thread::sleep_for(delay);
    }
  }
}

}  // namespace ferry::cli
