// The SIF container format (SingularityCE / Apptainer): a 128-byte global
// header, a table of 585-byte descriptors, and the data objects they point
// at, all little endian. Parsed from an untrusted file: every count, offset
// and size is checked before it is used, and the table's size is bounded.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ferry::plugins::sif {

inline constexpr size_t sif_header_size = 128;
inline constexpr size_t sif_descriptor_size = 585;
// Real images have 48 slots; the bound keeps a hostile count from costing memory.
inline constexpr int64_t sif_max_descriptors = 4096;

inline constexpr int32_t sif_data_deffile = 0x4001;
inline constexpr int32_t sif_data_partition = 0x4004;
inline constexpr int32_t sif_fs_squashfs = 1;
inline constexpr int32_t sif_part_primary_system = 2;

struct SifDescriptor {
  size_t slot = 0;  // index in the table, for messages
  int32_t data_type = 0;
  uint32_t id = 0;
  int64_t offset = 0;
  int64_t size = 0;
  // Partitions only (from the descriptor's extra bytes).
  int32_t fs_type = 0;
  int32_t part_type = 0;
};

struct SifImage {
  std::string arch;  // Go's name ("amd64"), or "unknown"
  std::string id;    // the image UUID, 8-4-4-4-12 lower-case hex
  int64_t modified_at = 0;
  int64_t descriptors_free = 0;
  int64_t descriptors_total = 0;
  std::vector<SifDescriptor> used;  // the descriptors in use, in table order
};

// Reads `n` bytes at `offset` into `out`; returns how many it could.
using ReadAt = std::function<size_t(uint64_t offset, void* out, size_t n)>;

// Throws sdk::Error(FERRY_E_INVALID_ARGUMENT) with one line naming what is
// wrong. Offsets and sizes of the objects are checked against file_size.
SifImage parse_sif(const ReadAt& read_at, uint64_t file_size);

// The one used descriptor of `data_type` (and, for partitions, of
// `part_type`); nullopt when there is none or, as the containers tools
// treat it, more than one (`multiple` says which).
std::optional<SifDescriptor> find_descriptor(const SifImage& image, int32_t data_type,
                                             std::optional<int32_t> part_type, bool* multiple = nullptr);

// "Squashfs", "Ext3", ... as sif names file system types.
std::string sif_fs_type_name(int32_t fs_type);

}  // namespace ferry::plugins::sif
