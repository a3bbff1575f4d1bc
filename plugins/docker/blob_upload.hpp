// Putting blobs into a repository: the existence check, cross-repository
// mounts, and uploads (POST, then one PUT with the bytes, or a streamed PATCH
// and a closing PUT when the blob is large or its digest is not known yet).
#pragma once

#include "registry_client.hpp"

#include <ferry/plugin.hpp>

#include <string>
#include <string_view>

namespace ferry::plugins::docker {

// HEAD /v2/<name>/blobs/<digest>.
bool blob_exists(RegistryClient& client, const std::string& digest, int64_t size);

// POST ...?mount=<digest>&from=<repository>. True when the registry mounted
// it; any other answer leaves nothing behind and returns false.
bool mount_blob(RegistryClient& client, const std::string& digest, const std::string& from);

// Uploads data to its end. On failure the upload session is cancelled, so
// nothing becomes visible under the digest.
void upload_blob(RegistryClient& client, const sdk::BlobInfo& info, sdk::BlobStream& data);

// Uploads small bytes held in memory (the payloads and config of sigstore
// attachments) with one POST and one PUT, unless the repository has them.
void upload_blob_bytes(RegistryClient& client, const std::string& digest, std::string_view bytes);

// Blobs above this size go through PATCH + PUT rather than one PUT.
constexpr int64_t monolithic_limit = 64LL * 1024 * 1024;

std::string query_escape(const std::string& s);

}  // namespace ferry::plugins::docker
