// Image configuration blobs (OCI image config / Docker container config), and
// conversion of a schema 1 manifest's history into one.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ferry {

// The OCI v1 image config as skopeo's `inspect --config` prints it: the keys
// created, author, architecture, os, os.version, os.features, variant, config
// {User, ExposedPorts, Env, Entrypoint, Cmd, Volumes, WorkingDir, Labels,
// StopSignal, ArgsEscaped}, rootfs {type, diff_ids}, history [...], in that
// order, absent members omitted (config is printed as {} when empty).
// nlohmann::ordered_json keeps the order.
nlohmann::ordered_json oci_config_view(std::string_view config_bytes);

}  // namespace ferry
