#include "man/man_page.hpp"

#include <algorithm>
#include <cctype>

namespace ferry::cli {
namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string header(const std::string& title, const std::string& program, const std::string& version) {
  return ".TH " + roff_escaped(upper(title)) + " 1 \"\" \"" + program + " " + version +
         "\" \"User Commands\"\n";
}

// Prose: paragraphs at blank lines, a line break at each other newline.
std::string paragraphs(const std::string& text) {
  std::string out = ".PP\n";
  size_t from = 0;
  while (from <= text.size()) {
    const size_t end = std::min(text.find('\n', from), text.size());
    const std::string line = text.substr(from, end - from);
    if (line.empty())
      out += ".PP\n";
    else
      out += roff_escaped(line) + "\n" + (end < text.size() && text[end + 1] != '\n' ? ".br\n" : "");
    from = end + 1;
  }
  return out;
}

std::string options(const std::vector<FlagHelp> flags) {
  std::vector<FlagHelp> sorted = flags;
  std::sort(sorted.begin(), sorted.end(),
            [](const FlagHelp& a, const FlagHelp& b) { return a.name < b.name; });
  std::string out;
  for (const auto& f : sorted) {
    out += ".TP\n\\fB";
    if (f.shorthand) out += std::string("\\-") + f.shorthand + "\\fR, \\fB";
    out += "\\-\\-" + roff_escaped(f.name) + "\\fR";
    if (!f.value_name.empty()) out += " \\fI" + roff_escaped(f.value_name) + "\\fR";
    out += "\n" + roff_escaped(f.usage);
    if (!f.default_value.empty()) out += " (default " + roff_escaped(f.default_value) + ")";
    out += "\n";
  }
  return out;
}

}  // namespace

std::string roff_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string command_man_page(const std::string& program, const std::string& version,
                             const CatalogCommand& c) {
  const std::string page = program + "-" + c.name;
  std::string out = header(page, program, version);
  out += ".SH NAME\n" + roff_escaped(page) + " \\- " + roff_escaped(c.summary) + "\n";
  out += ".SH SYNOPSIS\n\\fB" + roff_escaped(program + " " + c.name) + "\\fR " + roff_escaped(c.doc.usage) +
         "\n";
  out += ".SH DESCRIPTION\n" + paragraphs(c.doc.description);
  out += ".SH OPTIONS\n" + options(c.flags);
  if (!c.doc.examples.empty()) {
    out += ".SH EXAMPLES\n.PP\n.nf\n";
    size_t from = 0;
    while (from < c.doc.examples.size()) {
      const size_t end = std::min(c.doc.examples.find('\n', from), c.doc.examples.size());
      std::string line = c.doc.examples.substr(from, end - from);
      line.erase(0, line.find_first_not_of(' '));
      out += roff_escaped(line) + "\n";
      from = end + 1;
    }
    out += ".fi\n";
  }
  out += ".SH SEE ALSO\n\\fB" + roff_escaped(program) + "\\fR(1)\n";
  return out;
}

std::string root_man_page(const std::string& program, const std::string& version,
                          const std::vector<CatalogCommand>& commands,
                          const std::vector<FlagHelp>& global_flags,
                          const std::vector<ManTransport>& transports) {
  std::string out = header(program, program, version);
  out += ".SH NAME\n" + roff_escaped(program) + " \\- move container images between the places they live\n";
  out += ".SH SYNOPSIS\n\\fB" + roff_escaped(program) +
         "\\fR [\\fIglobal flags\\fR] \\fICOMMAND\\fR "
         "[\\fIflags\\fR] \\fIARGS\\fR\n";
  out += ".SH DESCRIPTION\n" +
         paragraphs(program +
                    " copies container images between registries, OCI layouts, archives, image stores and "
                    "engines, without a daemon and without privileges. It takes skopeo's command line.\n\n"
                    "An image is named TRANSPORT:REFERENCE. Each transport is a plugin; the installed ones "
                    "are listed below, and " +
                    program + "-plugins(7) tells how to write one.");
  out += ".SH GLOBAL OPTIONS\n" + options(global_flags);
  out += ".SH COMMANDS\n";
  for (const auto& c : commands) {
    if (c.hidden) continue;
    out += ".TP\n\\fB" + roff_escaped(program + "-" + c.name) + "\\fR(1)\n" + roff_escaped(c.summary) + "\n";
  }
  out += ".SH TRANSPORTS\n";
  for (const auto& t : transports)
    out += ".TP\n\\fB" + roff_escaped(t.name) + ":\\fR\n" + roff_escaped(t.description) + "\n";
  out += ".SH SEE ALSO\n\\fB" + roff_escaped(program) + "\\-plugins\\fR(7), \\fBskopeo\\fR(1)\n";
  return out;
}

}  // namespace ferry::cli
