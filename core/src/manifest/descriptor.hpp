// Private to the core: descriptors and platforms to and from JSON, shared by
// the manifest and manifest-list code.
#pragma once

#include <ferry/core/manifest.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace ferry::detail {

// Reads a descriptor; `where` names it in errors ("invalid ... manifest: layers[1]").
Descriptor parse_descriptor(const nlohmann::json& j, const std::string& where);

// Reads an optional "annotations" object member of `parent`.
std::map<std::string, std::string> parse_annotations(const nlohmann::json& parent, const std::string& where);

// Writes mediaType, digest, size (OCI) or mediaType, size, digest (Docker),
// then urls / annotations (OCI only) / platform when present.
nlohmann::ordered_json descriptor_json(const Descriptor& d, bool oci_family);

}  // namespace ferry::detail
