// The fish script: one `complete` line per command and flag, the transports'
// prefixes for commands that take image names, and paths after the prefix of
// a transport whose references are paths.
#include "completion/completion_scripts.hpp"

namespace ferry::cli {
namespace {

// A fish single-quoted string.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "'";
}

std::string flag_line(const std::string& program, const std::string& condition, const FlagHelp& f) {
  std::string line = "complete -c " + program + " -n " + quoted(condition) + " -l " + f.name;
  if (f.shorthand) line += std::string(" -s ") + f.shorthand;
  if (!f.value_name.empty()) line += " -r";
  return line + " -d " + quoted(f.usage) + "\n";
}

}  // namespace

std::string fish_completion(const CompletionInput& in) {
  const std::string& p = in.program;
  std::string out = "# fish completion for " + p + ", made by `" + p + " completion fish`\n";
  out += "complete -c " + p + " -f\n";
  for (const auto& f : in.global_flags) out += flag_line(p, "__fish_use_subcommand", f);
  std::string image_commands, path_transports, prefixes;
  for (const auto& c : in.commands) {
    if (c.hidden) continue;
    out += "complete -c " + p + " -n __fish_use_subcommand -a " + c.name + " -d " + quoted(c.summary) + "\n";
    for (const auto& f : c.flags) out += flag_line(p, "__fish_seen_subcommand_from " + c.name, f);
    if (takes_image_names(c)) image_commands += " " + c.name;
  }
  for (const auto& t : in.transports) {
    prefixes += " " + transport_prefix(t);
    if (reference_is_path(t)) path_transports += (path_transports.empty() ? "" : "|") + t.name;
  }
  if (image_commands.empty()) return out;
  const std::string fn = "__" + p + "_image_names";
  out += "function " + fn +
         "\n"
         "    set -l token (commandline -ct)\n"
         "    set -l transport (string match -r '^(" +
         path_transports +
         "):' -- $token)\n"
         "    if test -n \"$transport\"\n"
         "        set -l path (string replace -r '^[^:]*:' '' -- $token)\n"
         "        for p in (__fish_complete_path $path)\n"
         "            echo $transport[1]$p\n"
         "        end\n"
         "    else\n"
         "        printf '%s\\n'" +
         prefixes +
         "\n"
         "    end\n"
         "end\n";
  out += "complete -c " + p + " -n " + quoted("__fish_seen_subcommand_from" + image_commands) + " -a '(" +
         fn + ")'\n";
  return out;
}

}  // namespace ferry::cli
