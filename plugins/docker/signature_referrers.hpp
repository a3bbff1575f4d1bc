// Signatures kept in the registry as OCI 1.1 referrers (ferry's
// signature/referrer.hpp form): one artifact manifest per signature, pushed by
// digest, its `subject` the signed manifest. A registry with the referrers API
// lists them itself; for one without it (distribution 2.8) the distribution
// spec's fallback is kept: the tag "sha256-<hex>" holds an OCI index of the
// subject's referrers.
#pragma once

#include "registry_client.hpp"

#include <ferry/signature/referrer.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ferry::plugins::docker {

// The referrers tag schema's tag of a digest: "sha256:ab…" -> "sha256-ab…".
std::string referrers_tag(const std::string& digest);

// The stored signatures among the referrers of `digest` (the referrers API
// when the registry answers it, else the tag), in listing order; only the
// artifact types ferry writes. Throws for a listed signature that cannot be read.
std::vector<std::string> read_signature_referrers(const std::shared_ptr<RegistryClient>& client,
                                                  const std::string& digest);

// Pushes each stored signature as a referrer of `subject`, then (unless the
// registry said it tracks referrers itself) makes the tag's index list
// exactly these as the subject's signatures, other referrers kept.
void write_signature_referrers(const std::shared_ptr<RegistryClient>& client,
                               const signature::Subject& subject, const std::vector<std::string>& signatures);

}  // namespace ferry::plugins::docker
