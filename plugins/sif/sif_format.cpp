#include "sif_format.hpp"

#include <ferry/plugin.hpp>

#include <array>
#include <cstring>

namespace ferry::plugins::sif {

namespace {

[[noreturn]] void bad(const std::string& what) { throw sdk::Error(FERRY_E_INVALID_ARGUMENT, what); }

template <class T>
T little_endian(const unsigned char* p) {
  std::make_unsigned_t<T> v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<std::make_unsigned_t<T>>(p[i]) << (8 * i);
  return static_cast<T>(v);
}

std::string go_arch_of(const unsigned char* code) {
  // Two ASCII digits and a NUL, as sif writes them.
  static constexpr std::array<const char*, 13> names = {"",         "386",     "amd64",  "arm",    "arm64",
                                                        "ppc64",    "ppc64le", "mips",   "mipsle", "mips64",
                                                        "mips64le", "s390x",   "riscv64"};
  if (code[2] != 0 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return "unknown";
  int n = (code[0] - '0') * 10 + (code[1] - '0');
  if (n < 1 || n >= static_cast<int>(names.size())) return "unknown";
  return names[static_cast<size_t>(n)];
}

std::string uuid_text(const unsigned char* b) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 0xF];
  }
  return out;
}

std::string data_type_name(int32_t t) {
  switch (t) {
    case sif_data_deffile:
      return "definition file";
    case sif_data_partition:
      return "partition";
    default:
      return "object of type " + std::to_string(t);
  }
}

}  // namespace

std::string sif_fs_type_name(int32_t fs_type) {
  switch (fs_type) {
    case 1:
      return "Squashfs";
    case 2:
      return "Ext3";
    case 3:
      return "Archive";
    case 4:
      return "Raw";
    case 5:
      return "Encrypted squashfs";
    default:
      return "unknown (" + std::to_string(fs_type) + ")";
  }
}

SifImage parse_sif(const ReadAt& read_at, uint64_t file_size) {
  unsigned char h[sif_header_size];
  size_t got = read_at(0, h, sizeof h);
  if (got < sizeof h)
    bad("reading global header: the file is " + std::to_string(got) + " bytes, shorter than a SIF header (" +
        std::to_string(sif_header_size) + ")");
  if (std::memcmp(h + 32, "SIF_MAGIC\0", 10) != 0) bad("invalid SIF magic: this is not a SIF file");
  if (std::memcmp(h + 42, "01\0", 3) != 0) bad("incompatible SIF version (only version 01 is known)");

  SifImage image;
  image.arch = go_arch_of(h + 45);
  image.id = uuid_text(h + 48);
  image.modified_at = little_endian<int64_t>(h + 72);
  image.descriptors_free = little_endian<int64_t>(h + 80);
  image.descriptors_total = little_endian<int64_t>(h + 88);
  const int64_t table_offset = little_endian<int64_t>(h + 96);
  const int64_t table_size = little_endian<int64_t>(h + 104);

  const int64_t total = image.descriptors_total;
  if (total < 0 || total > sif_max_descriptors)
    bad("reading descriptors: the header claims " + std::to_string(total) + " descriptors; at most " +
        std::to_string(sif_max_descriptors) + " are supported");
  const uint64_t needed = static_cast<uint64_t>(total) * sif_descriptor_size;
  if (table_offset < 0 || table_size < 0 || static_cast<uint64_t>(table_size) < needed)
    bad("reading descriptors: the table of " + std::to_string(total) + " descriptors needs " +
        std::to_string(needed) + " bytes, but the header gives it " + std::to_string(table_size) +
        " bytes at offset " + std::to_string(table_offset));
  if (static_cast<uint64_t>(table_offset) > file_size ||
      needed > file_size - static_cast<uint64_t>(table_offset))
    bad("reading descriptors: the table of " + std::to_string(total) + " descriptors at offset " +
        std::to_string(table_offset) + " ends past the end of the file (" + std::to_string(file_size) +
        " bytes): it is truncated");

  std::array<unsigned char, sif_descriptor_size> d{};
  for (int64_t slot = 0; slot < total; ++slot) {
    uint64_t at = static_cast<uint64_t>(table_offset) + static_cast<uint64_t>(slot) * sif_descriptor_size;
    if (read_at(at, d.data(), d.size()) < d.size())
      bad("reading descriptors: the file ended inside the table");
    if (d[4] == 0) continue;  // a free slot
    SifDescriptor desc;
    desc.slot = static_cast<size_t>(slot);
    desc.data_type = little_endian<int32_t>(d.data());
    desc.id = little_endian<uint32_t>(d.data() + 5);
    desc.offset = little_endian<int64_t>(d.data() + 17);
    desc.size = little_endian<int64_t>(d.data() + 25);
    if (desc.data_type == sif_data_partition) {
      const unsigned char* extra = d.data() + 73 + 128;
      desc.fs_type = little_endian<int32_t>(extra);
      desc.part_type = little_endian<int32_t>(extra + 4);
    }
    image.used.push_back(desc);
  }

  for (const auto& desc : image.used) {
    if (desc.offset < 0 || desc.size < 0 || static_cast<uint64_t>(desc.offset) > file_size ||
        static_cast<uint64_t>(desc.size) > file_size - static_cast<uint64_t>(desc.offset))
      bad("descriptor " + std::to_string(desc.slot) + " (" + data_type_name(desc.data_type) + ", id " +
          std::to_string(desc.id) + ") claims " + std::to_string(desc.size) + " bytes at offset " +
          std::to_string(desc.offset) + ", outside the file (" + std::to_string(file_size) + " bytes)");
  }
  return image;
}

std::optional<SifDescriptor> find_descriptor(const SifImage& image, int32_t data_type,
                                             std::optional<int32_t> part_type, bool* multiple) {
  if (multiple) *multiple = false;
  std::optional<SifDescriptor> found;
  for (const auto& d : image.used) {
    if (d.data_type != data_type || (part_type && d.part_type != *part_type)) continue;
    if (found) {
      if (multiple) *multiple = true;
      return std::nullopt;
    }
    found = d;
  }
  return found;
}

}  // namespace ferry::plugins::sif
