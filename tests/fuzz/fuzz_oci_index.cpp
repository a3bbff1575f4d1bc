// index.json of an OCI layout (libs/oci-layout): read from a layout
// directory as the oci and oci-archive transports read it, then asked for
// the image a reference names (none, a ref name, an @index).
#include "fuzz_input.hpp"

#include <ferry/digest/digest.hpp>
#include <ferry/oci_layout/layout.hpp>

#include <cstdlib>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using namespace ferry::oci_layout;

// A layout directory of this process's own, removed at exit.
const fs::path& layout_dir() {
  static const fs::path dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "ferry-fuzz-oci.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(layout_dir(), ec);
    });
    return fs::path(tmpl);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Layout layout(layout_dir(), std::nullopt);
  {
    std::ofstream out(layout.index_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  Json index;
  if (!ferry::fuzz::accepted([&] { index = layout.load_index(); })) return 0;
  for (const auto& entry : index["manifests"]) {
    (void)ref_name_of(entry);
    ferry::fuzz::accepted([&] { ferry::Digest::parse(entry["digest"].get<std::string>(), "index.json"); });
  }
  for (const char* name : {"", ":latest", ":@0", ":@3"}) {
    ferry::fuzz::accepted([&] {
      const LayoutName parsed = parse_layout_name(std::string("layout") + name, "oci", true);
      (void)layout.select(index, parsed);
    });
  }
  return 0;
}
