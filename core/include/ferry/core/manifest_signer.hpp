// What the copy engine needs from a way of signing (--sign-by, --sign-by-
// sigstore-private-key): a signature of the manifest bytes it wrote, under the
// name the image is published as, in the form transports store.
#pragma once

#include <string>
#include <string_view>

namespace ferry {

class ManifestSigner {
 public:
  virtual ~ManifestSigner() = default;
  // How progress names it: "simple signing", "a sigstore signature".
  virtual std::string kind() const = 0;
  // `identity` is a canonical docker reference with a tag or digest.
  virtual std::string sign(std::string_view manifest, const std::string& identity) const = 0;
};

}  // namespace ferry
