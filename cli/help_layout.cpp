#include "help_layout.hpp"

#include <algorithm>
#include <cctype>

namespace ferry::cli {
namespace {

std::string lowered(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string flag_table(std::vector<FlagHelp> flags) {
  std::sort(flags.begin(), flags.end(), [](const FlagHelp& a, const FlagHelp& b) { return a.name < b.name; });
  std::vector<std::string> heads;
  size_t widest = 0;
  for (const auto& f : flags) {
    std::string head = f.shorthand ? std::string("  -") + f.shorthand + ", --" + f.name : "      --" + f.name;
    if (!f.value_name.empty()) head += " " + f.value_name;
    widest = std::max(widest, head.size());
    heads.push_back(std::move(head));
  }
  std::string out;
  for (size_t i = 0; i < flags.size(); ++i) {
    out += heads[i] + std::string(widest - heads[i].size() + 3, ' ') + flags[i].usage;
    if (!flags[i].default_value.empty()) out += " (default " + flags[i].default_value + ")";
    out += "\n";
  }
  return out;
}

std::string command_table(const std::vector<CommandHelp>& commands) {
  size_t widest = 11;  // cobra's least padding
  for (const auto& c : commands) widest = std::max(widest, c.name.size());
  std::vector<const CommandHelp*> shown;
  for (const auto& c : commands)
    if (!c.hidden) shown.push_back(&c);
  std::sort(shown.begin(), shown.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::string out;
  for (const auto* c : shown)
    out += "  " + c->name + std::string(widest - c->name.size() + 1, ' ') + c->summary + "\n";
  return out;
}

std::vector<std::string> suggestions_for(const std::string& typed, const std::vector<CommandHelp>& commands) {
  const std::string want = lowered(typed);
  std::vector<std::string> out;
  for (const auto& c : commands) {
    if (c.hidden || c.name == "help") continue;
    const std::string name = lowered(c.name);
    if (edit_distance(want, name) <= 2 || name.starts_with(want)) out.push_back(c.name);
  }
  return out;
}

}  // namespace ferry::cli
