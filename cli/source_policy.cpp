#include "source_policy.hpp"

namespace ferry::cli {

void apply_source_policy(const Policy& policy, const ImageReference& source, CopyOptions& o) {
  policy.check(source);
  if (!policy.needs_signatures(source)) return;
  o.admit = [&policy, &source](std::string_view manifest, const std::vector<std::string>& signatures) {
    policy.check_image(source, manifest, signatures);
  };
}

}  // namespace ferry::cli
