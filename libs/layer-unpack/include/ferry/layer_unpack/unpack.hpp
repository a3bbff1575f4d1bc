// Applying one layer's uncompressed tar stream to a containers-storage layer
// directory, as containers/storage's drivers do: overlay keeps only the
// layer's changes (whiteouts become 0/0 character devices and opaque
// directories an xattr), vfs starts from a copy of the parent (copy_tree) and
// deletes what the whiteouts name. Hostile archives are normal input: nothing
// is ever created, changed or removed outside the layer directory.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ferry::layer_unpack {

enum class Whiteouts {
  overlay,  // .wh.name -> character device 0/0, .wh..wh..opq -> opaque xattr
  remove,   // vfs: .wh.name deletes name, .wh..wh..opq empties what lower layers put there
  keep,     // plain Untar (AUFS format): the markers are written as the ordinary files they are
};

struct Options {
  Whiteouts whiteouts = Whiteouts::overlay;
  // What marks an opaque directory for overlay: the kernel's own name when
  // running as root with native overlay; rootless setups use user.overlay.opaque.
  std::string opaque_xattr = "trusted.overlay.opaque";
  // Owners as the tar says (we run as root); otherwise everything stays ours.
  bool same_owner = true;
  // A path through a symbolic link that leads out of the layer (absolute, or
  // "..", past its root) is refused naming the entry, rather than resolved
  // as in a chroot at the root.
  bool refuse_escaping_links = false;
  const std::atomic<bool>* cancelled = nullptr;
};

struct Summary {
  // Every owner the entries name, sorted and unique: layers.json's uidset/gidset.
  std::vector<uint32_t> uids, gids;
  uint64_t entries = 0;
};

// Pulls an uncompressed tar from `read` (up to cap bytes a call, 0 at the end)
// and applies it under `root`, an existing directory. The stream is read to
// its very end, past the end-of-archive blocks, since callers hash or tee it.
// Throws ferry::sdk::Error: FERRY_E_INVALID_ARGUMENT naming the entry for a
// malformed or hostile archive, FERRY_E_IO for the file system, FERRY_E_CANCELLED.
Summary unpack(const std::function<size_t(void*, size_t)>& read, const std::string& root,
               const Options& options);

}  // namespace ferry::layer_unpack
