// Registry settings the containers tools keep in registries.conf and certs.d,
// resolved for one registry name and handed to plugins as JSON.
#pragma once

#include <ferry/core/host_objects.hpp>

#include <string>

namespace ferry {

// The JSON documented at ferry_host.registry_config, for `name`
// (host[:port][/path]), honouring the context's options ("registries-conf",
// "cert-dir", "tls-verify").
std::string registry_config_json(const ferry_context* ctx, const std::string& name);

}  // namespace ferry
