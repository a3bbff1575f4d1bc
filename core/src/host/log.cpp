#include <ferry/core/log.hpp>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

namespace ferry {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::warn)};
std::mutex g_mutex;
}  // namespace

void set_log_level(LogLevel level) { g_level = static_cast<int>(level); }

void log_message(LogLevel level, std::string_view message) {
  if (static_cast<int>(level) > g_level.load()) return;
  static const char* names[] = {"error", "warning", "info", "debug"};
  std::lock_guard lock(g_mutex);
  std::fprintf(stderr, "level=%s msg=\"%.*s\"\n", names[static_cast<int>(level)],
               static_cast<int>(message.size()), message.data());
}

}  // namespace ferry
