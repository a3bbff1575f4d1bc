#include <ferry/docker_reference/docker_reference.hpp>
#include <ferry/core/source_hints.hpp>

namespace ferry {

void add_source_hints(const ImageReference& src, const ImageReference& dst, ferry_context& dst_ctx) {
  if (&src.transport() != &dst.transport()) return;
  auto s = src.docker_reference(), d = dst.docker_reference();
  if (!s || !d) return;
  DockerReference from = DockerReference::parse(*s, {.allow_tag_and_digest = true}),
                  to = DockerReference::parse(*d, {.allow_tag_and_digest = true});
  if (from.domain == to.domain && from.path != to.path) dst_ctx.options["mount-from"] = from.path;
}

}  // namespace ferry
