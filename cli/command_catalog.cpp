#include "command_catalog.hpp"

#include "declared_flags.hpp"

namespace ferry::cli {

std::vector<CatalogCommand> command_catalog(App& app) {
  struct StopReading {
    App& app;
    ~StopReading() { app.read_flags_with(nullptr); }
  } stop_reading{app};
  std::vector<CatalogCommand> out;
  for (const auto& c : commands()) {
    CatalogCommand entry;
    entry.name = c.name;
    entry.summary = c.summary;
    entry.hidden = c.hidden;
    entry.doc = command_doc(c.name, app.plugins());
    // The command declares its flags and hands them over instead of running.
    app.read_flags_with(
        [&](const cxxopts::Options& opts) { entry.flags = shown_flags(declared_flags(opts)); });
    c.run(app, c.name, {});
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace ferry::cli
