#include "log_line.hpp"

#include <cstdio>
#include <ctime>

namespace ferry::cli {
namespace {

bool needs_quoting(const std::string& s) {
  for (unsigned char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+'))
      return true;
  return false;
}

}  // namespace

std::string go_quote(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string log_line(const char* level, const std::string& message,
                     const std::vector<std::pair<std::string, std::string>>& fields) {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char ts[32];
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::string line = std::string("time=\"") + ts + "\" level=" + level + " msg=\"" + go_quote(message) + "\"";
  for (const auto& [key, value] : fields)
    line += " " + key + "=" + (needs_quoting(value) ? "\"" + go_quote(value) + "\"" : value);
  return line + "\n";
}

}  // namespace ferry::cli
