// ferry generate-man-pages DIRECTORY: writes DIRECTORY/man1/ferry.1 and a
// ferry-COMMAND.1 for each command. The build runs it, so the pages say what
// this very binary and its plugins take.
#include "../command_catalog.hpp"
#include "../command_line.hpp"
#include "../global_flags.hpp"
#include "../man/man_page.hpp"

#include <ferry/core/error.hpp>

#include <filesystem>
#include <fstream>

namespace ferry::cli {
namespace {

void write_page(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::trunc);
  out << text;
  if (!out.flush()) fail(FERRY_E_IO, "cannot write the man page " + file.string());
}

int run_generate_man_pages(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " generate-man-pages", "Write the man pages into a directory");
  auto parsed = parse_command(app, command, o, args, 1, "accepts 1 arg(s): the directory");
  if (!parsed) return 0;
  const std::filesystem::path dir = std::filesystem::path(parsed->positional[0]) / "man1";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) fail(FERRY_E_IO, "cannot make the directory " + dir.string() + ": " + ec.message());
  const std::string& self = program_name();
  // A page of a command that is gone must not outlive it.
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".1" && e.path().filename().string().rfind(self, 0) == 0)
      std::filesystem::remove(e.path(), ec);
  const std::vector<CatalogCommand> catalog = command_catalog(app);
  std::vector<ManTransport> transports;
  for (const auto& t : app.plugins().installed_transports())
    transports.push_back({t, app.plugins().transport(t).description()});
  write_page(dir / (self + ".1"),
             root_man_page(self, FERRY_VERSION, catalog, shown_global_flags(), transports));
  for (const auto& c : catalog)
    if (!c.hidden) write_page(dir / (self + "-" + c.name + ".1"), command_man_page(self, FERRY_VERSION, c));
  return 0;
}

}  // namespace

CommandFn generate_man_pages_command() { return &run_generate_man_pages; }

}  // namespace ferry::cli
