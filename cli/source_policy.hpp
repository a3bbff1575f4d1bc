// policy.json applied to a copy's source, as copy and sync both do: the early
// check before anything is read, then, when the policy asks for signatures,
// every image the engine copies judged with its own signatures.
#pragma once

#include <ferry/core/copy_image.hpp>
#include <ferry/core/policy.hpp>

namespace ferry::cli {

// `policy` and `source` must outlive the copy made with `o`.
void apply_source_policy(const Policy& policy, const ImageReference& source, CopyOptions& o);

}  // namespace ferry::cli
