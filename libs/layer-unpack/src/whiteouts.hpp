// The AUFS whiteout names layers carry (.wh.<name>, .wh..wh..opq) and what
// each storage driver makes of them, following containers/storage: overlay
// records them for the kernel, vfs applies them to the parent's copy.
#pragma once

#include <ferry/layer_unpack/unpack.hpp>

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::layer_unpack::detail {

enum class Marker {
  none,      // an ordinary entry
  whiteout,  // .wh.<target>: target is deleted in this layer
  opaque,    // .wh..wh..opq: the directory hides everything below it
  aufs_meta  // /.wh..wh.* (AUFS's own bookkeeping): skipped
};

struct Classified {
  Marker kind = Marker::none;
  std::string target;  // for whiteout
};

// What the entry with these name components is. Throws, naming entry, for a
// whiteout of "", "." or "..".
Classified classify(const std::vector<std::string>& parts, std::string_view entry);

// The paths this tar has created so far, for vfs opaque directories: only
// what came from lower layers is emptied. Kept as 64-bit hashes (8 bytes an
// entry, not the names): a collision could only spare one lower file.
class UnpackedSet {
 public:
  void add(std::string_view rel);
  bool contains(std::string_view rel);

 private:
  std::vector<uint64_t> hashes_;
  size_t sorted_ = 0;  // hashes_[0, sorted_) are sorted and unique
};

// Applies .wh.<target> in dir (already open).
void apply_whiteout(int dir, const std::string& target, const Options& options, uid_t uid, gid_t gid,
                    std::string_view entry);

// Applies .wh..wh..opq to dir, whose lexical path in the layer is dir_rel.
void apply_opaque(int dir, const std::string& dir_rel, const Options& options, UnpackedSet& unpacked,
                  std::string_view entry);

}  // namespace ferry::layer_unpack::detail
