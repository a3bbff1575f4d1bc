// Diagnostics to stderr, filtered by level (--debug raises it).
#pragma once

#include <string_view>

namespace ferry {

enum class LogLevel { error = 0, warn = 1, info = 2, debug = 3 };

void set_log_level(LogLevel level);
void log_message(LogLevel level, std::string_view message);

}  // namespace ferry
