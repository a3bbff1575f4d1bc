// An index of an uncompressed tar file: where each entry's bytes are, so that
// files inside it can be read in place (pread) and in any order. The archive
// is untrusted: names that are absolute or contain "..", links that leave the
// archive, special files and truncated data are refused with an error naming
// the archive and the entry.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace ferry::docker_save {

struct TarEntry {
  char type = '0';      // '0' file, '2' symlink, '5' directory (hard links become files)
  uint64_t offset = 0;  // of the data in the tar file
  uint64_t size = 0;
  std::string link;  // symlink target, as stored
};

class TarIndex {
 public:
  // Reads every header of the tar in `fd` (file_size bytes). `label` names the
  // archive in errors.
  TarIndex(int fd, uint64_t file_size, std::string label);

  // The regular file `path` names once symbolic links inside the archive are
  // followed, or nullptr when there is none.
  const TarEntry* find(std::string_view path) const;

  const std::string& label() const { return label_; }
  int fd() const { return fd_; }

 private:
  void add(std::string name, const std::string& linkname, char type, uint64_t offset, uint64_t size);
  const TarEntry* resolve(const std::string& path, int hops) const;

  int fd_;
  std::string label_;
  std::map<std::string, TarEntry> entries_;
};

// "./a//b/" -> "a/b"; throws FERRY_E_INVALID_ARGUMENT (naming `archive` and the
// entry) for absolute names and ".." components.
std::string clean_entry_name(std::string_view name, std::string_view archive);

}  // namespace ferry::docker_save
