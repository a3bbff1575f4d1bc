// docker-archive tarballs (libs/docker-save): tar headers (ustar, pax, GNU
// long names, links) indexed in place, manifest.json, the config it names and
// the layers, read as an image source reads them. Compressed archives are
// left out: libarchive unpacks them before any of this runs.
#include "fuzz_input.hpp"
#include "memory_file.hpp"

#include <ferry/docker_save/archive_file.hpp>
#include <ferry/docker_save/archive_source.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ferry::docker_save;
  if (looks_compressed(data, size)) return 0;
  static ferry::fuzz::MemoryFile file;
  file.replace(data, size);
  const ferry::sdk::Context ctx(nullptr);  // only a compressed archive would ask it anything
  for (const std::optional<size_t>& index : {std::optional<size_t>(), std::optional<size_t>(1)}) {
    ferry::fuzz::accepted([&] {
      ArchiveSource source(std::make_unique<ArchiveFile>(file.path(), "the archive", ctx), std::nullopt,
                           index);
      (void)source.get_manifest(std::nullopt);
    });
  }
  return 0;
}
