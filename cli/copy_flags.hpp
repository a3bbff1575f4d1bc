// skopeo's "shared copy" flag group, which `copy` and `sync` both take:
// signatures, --format and --preserve-digests, and the hidden --screds /
// --dcreds spellings of --src-creds / --dest-creds.
#pragma once

#include <ferry/core/copy_image.hpp>

#include "cxxopts_once.hpp"

#include <string>
#include <vector>

namespace ferry::cli {

// The words of some flags differ between skopeo's copy and sync.
enum class SharedFlagsFor { copy, sync };

void add_shared_copy_flags(cxxopts::Options& opts, SharedFlagsFor command);

// Sets what the group's flags say in `o`, the signers included (their keys
// opened and passphrases read now, before anything is copied).
void apply_shared_copy_flags(const cxxopts::ParseResult& flags, CopyOptions& o);

// Rewrites --screds / --dcreds (skopeo's hidden aliases) before parsing.
void rewrite_creds_aliases(std::vector<std::string>& args);

}  // namespace ferry::cli
