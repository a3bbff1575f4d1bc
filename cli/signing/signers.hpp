// The signers the copy flags ask for (--sign-by, --sign-by-sigstore-private-
// key, --sign-passphrase-file) and the identity they sign under
// (--sign-identity), checked before anything is copied.
#pragma once

#include <ferry/core/manifest_signer.hpp>

#include "cxxopts_once.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::cli {

std::vector<std::shared_ptr<const ManifestSigner>> signers_from_flags(const cxxopts::ParseResult& flags);

// --sign-identity: a canonical docker reference with a tag or digest, as
// skopeo requires it.
std::string checked_sign_identity(const std::string& text);

// A GPG simple signature of `manifest` under `identity`, in stored form.
std::string simple_signature(std::string_view manifest, const std::string& identity, const std::string& key,
                             const std::optional<std::string>& passphrase);

}  // namespace ferry::cli
