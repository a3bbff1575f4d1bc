// Sigstore signatures kept in the registry itself, as cosign keeps them: an
// OCI manifest tagged "sha256-<hex>.sig" in the image's repository whose
// layers are the signature payloads, each with its annotations (the base64
// signature among them). registries.d's use-sigstore-attachments turns them on.
#pragma once

#include "registry_client.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ferry::plugins::docker {

// The tag of the attachment of a manifest digest: "sha256:ab…" -> "sha256-ab….sig".
std::string sigstore_attachment_tag(const std::string& digest);

// Every layer of the attachment of `digest` as a stored sigstore signature
// ("\0sigstore-json\n{…}"), in layer order; none when there is no
// attachment or it is not an OCI image manifest.
std::vector<std::string> read_sigstore_attachments(const std::shared_ptr<RegistryClient>& client,
                                                   const std::string& digest);

// Adds the stored sigstore signatures to the attachment of `digest`, skipping
// those it holds already: their payloads, then the config, then the manifest.
void write_sigstore_attachments(const std::shared_ptr<RegistryClient>& client, const std::string& digest,
                                const std::vector<std::string>& signatures);

}  // namespace ferry::plugins::docker
