// The manifest MIME types a registry may serve and the Accept header asking for them.
#pragma once

#include <string>
#include <string_view>

namespace ferry::plugins::docker {

// Every manifest type ferry can read, for the Accept header of manifest GETs.
const std::string& manifest_accept_header();

// The type to report for a manifest served with `content_type`: parameters
// stripped; "" for a generic type, so that the host detects it from the bytes.
std::string manifest_mime(std::string_view content_type);

}  // namespace ferry::plugins::docker
