// Where the signatures of one docker:// image are kept, as the registries.d
// configuration says: the lookaside for the operation, and whether sigstore
// signatures go to registry attachments.
#pragma once

#include "docker_reference.hpp"
#include "lookaside.hpp"

#include <ferry/plugin.hpp>

#include <string>

namespace ferry::plugins::docker {

class SignatureStorage {
 public:
  // write: the URL for writing (staging first), else the one for reading.
  // Reads the directory the host's "registries.d" option names.
  SignatureStorage(const sdk::Context& ctx, const ImageName& name, bool write);

  // The signatures of the manifest with this digest in the lookaside.
  Lookaside lookaside(const std::string& digest) const { return Lookaside(base_, repo_path_, digest); }
  bool sigstore_attachments() const { return attachments_; }

 private:
  std::string base_;
  std::string repo_path_;
  bool attachments_ = false;
};

}  // namespace ferry::plugins::docker
