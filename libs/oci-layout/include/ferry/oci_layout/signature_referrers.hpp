// Signatures kept in an OCI layout as OCI 1.1 referrers: for each signature an
// artifact manifest whose `subject` is the signed manifest, listed in
// index.json without a name. A sigstore signature is stored as cosign stores
// it in OCI 1.1 mode (artifact type application/vnd.dev.cosign.artifact.sig.v1+json,
// its payload as the layer, the signature in the layer's annotation); a GPG
// simple signature as its OpenPGP message, under ferry's artifact type
// (application/vnd.ferry.signature.simple-signing.v1). Writing them is an
// opt-in of the oci: destination; reading them needs none.
#pragma once

#include "ferry/oci_layout/blob_store.hpp"
#include "ferry/oci_layout/index_file.hpp"
#include "ferry/oci_layout/layout.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ferry::oci_layout {

// A referrer made for one signature: its manifest's descriptor, for index.json.
// The manifest and its blobs are in the layout's blobs already.
Json store_signature_referrer(BlobStore& store, const Json& subject, std::string_view stored_signature);

// True for an index.json entry this module wrote: an artifact of one of the
// two signature types. Such entries are never an image to choose.
bool is_signature_referrer(const Json& entry);

// The signed manifest's digest of a signature referrer entry, read from its
// manifest; nullopt when it cannot be read.
std::optional<std::string> signature_subject(const Layout& layout, const Json& entry);

// The signatures of the manifest `digest`, in stored form, in index.json order.
std::vector<std::string> signatures_of(const Layout& layout, const Json& index, const std::string& digest);

}  // namespace ferry::oci_layout
