// signedIdentity: whether the docker-reference a signature claims is
// acceptable for the image being checked (containers/image's
// policy_reference_match.go). References are normalized first, so
// "busybox" is "docker.io/library/busybox".
#pragma once

#include <ferry/core/policy.hpp>

#include <optional>
#include <string>

namespace ferry::policy {

// `image_reference` is the image's own docker reference, nullopt when it has
// none (dir:, oci:): only exactReference and exactRepository can match then.
// Unparseable references never match.
bool identity_matches(const SignedIdentity& rule, const std::optional<std::string>& image_reference,
                      const std::string& signature_reference);

// A prefix or signedPrefix of remapIdentity: a host[:port] alone, or a
// repository name that starts with one.
bool valid_remap_prefix(const std::string& prefix);

}  // namespace ferry::policy
