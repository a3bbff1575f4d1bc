// SIF files (plugins/sif): the global header, the descriptor table with its
// counts, offsets and sizes, the partition lookup, and the definition file's
// sections, read from memory as the source reads them from a file.
#include "fuzz_input.hpp"

#include "sif_deffile.hpp"
#include "sif_format.hpp"

#include <algorithm>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ferry::plugins::sif;
  auto read_at = [&](uint64_t offset, void* out, size_t n) -> size_t {
    if (offset >= size) return 0;
    size_t got = std::min<uint64_t>(n, size - offset);
    std::memcpy(out, data + offset, got);
    return got;
  };
  ferry::fuzz::accepted([&] {
    SifImage image = parse_sif(read_at, size);
    // Every descriptor the parser kept lies inside the input.
    for (const auto& d : image.used)
      if (d.offset < 0 || d.size < 0 ||
          static_cast<uint64_t>(d.offset) + static_cast<uint64_t>(d.size) > size)
        __builtin_trap();
    (void)find_descriptor(image, sif_data_partition, sif_part_primary_system);
    if (auto def = find_descriptor(image, sif_data_deffile, std::nullopt)) {
      std::string_view text(reinterpret_cast<const char*>(data) + def->offset,
                            static_cast<size_t>(def->size));
      (void)injected_script(parse_def_file(text));
    }
  });
  ferry::fuzz::accepted([&] { (void)injected_script(parse_def_file(ferry::fuzz::as_text(data, size))); });
  return 0;
}
