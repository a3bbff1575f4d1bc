#include "sif_deffile.hpp"

#include <ferry/plugin.hpp>

namespace ferry::plugins::sif {

namespace {

constexpr size_t go_scanner_max_line = 64 * 1024;

std::string_view trim_space(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
  return out;
}

}  // namespace

DefSections parse_def_file(std::string_view text) {
  enum class Section { other, environment, runscript } section = Section::other;
  DefSections out;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.size() >= go_scanner_max_line)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                       "reading lines from SIF definition file object: a line is longer than 64 KiB");
    std::string_view s = trim_space(line);
    if (s == "%environment") {
      section = Section::environment;
    } else if (s == "%runscript") {
      section = Section::runscript;
    } else if (s.starts_with('%')) {
      section = Section::other;
    } else if (section == Section::environment) {
      if (!s.empty() && !s.starts_with('#')) out.environment.emplace_back(s);
    } else if (section == Section::runscript) {
      out.runscript.emplace_back(s);
    }
  }
  return out;
}

std::optional<std::string> injected_script(const DefSections& sections) {
  if (sections.environment.empty() && sections.runscript.empty()) return std::nullopt;
  return "#!/bin/bash\n" + join_lines(sections.environment) + "\n" + join_lines(sections.runscript) + "\n";
}

}  // namespace ferry::plugins::sif
