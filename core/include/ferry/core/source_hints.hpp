// What a destination may learn about the source of a copy, so that it can
// avoid moving bytes: within one registry, a layer is mounted from the source
// repository instead of uploaded again ("mount-from", a repository path).
#pragma once

#include <ferry/core/host_objects.hpp>
#include <ferry/core/transport.hpp>

namespace ferry {

// Sets the hints in `dst_ctx` that apply to copying `src` to `dst`: both of
// one transport, both known by docker references on the same registry, in
// different repositories.
void add_source_hints(const ImageReference& src, const ImageReference& dst, ferry_context& dst_ctx);

}  // namespace ferry
