// A vfs layer starts as a full copy of its parent's directory.
#pragma once

#include <string>

namespace ferry::layer_unpack {

// Copies the tree at `from` into `to` (created when missing, else expected
// empty): contents, modes, owners, times, xattrs, symbolic links, device
// nodes, and hard links between files of the tree stay hard links. Symbolic
// links are copied, never followed. Throws ferry::sdk::Error (FERRY_E_IO).
void copy_tree(const std::string& from, const std::string& to);

}  // namespace ferry::layer_unpack
