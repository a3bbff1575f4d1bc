// ferry-plugin-manifest LIBRARY [OUTPUT]: writes the manifest that goes beside
// a transport plugin (ferry/core/plugin_manifest.hpp) from the plugin's own
// tables, so the file never disagrees with the code. Run at build time.
#include <ferry/core/error.hpp>
#include <ferry/core/plugin_host.hpp>

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: ferry-plugin-manifest LIBRARY [OUTPUT]\n";
    return 2;
  }
  try {
    const std::filesystem::path library = std::filesystem::absolute(argv[1]);
    ferry::PluginHost host;
    host.load_library(library);
    std::vector<const ferry::Transport*> transports;
    for (const auto& name : host.installed_transports()) transports.push_back(&host.transport(name));
    const std::string text = ferry::format_plugin_manifest(library.filename().string(), transports);
    if (argc == 2) {
      std::cout << text;
      return 0;
    }
    std::ofstream out(argv[2], std::ios::trunc);
    out << text;
    if (!out.flush()) throw ferry::Error(FERRY_E_IO, std::string("cannot write ") + argv[2]);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "ferry-plugin-manifest: " << e.what() << "\n";
    return 1;
  }
}
