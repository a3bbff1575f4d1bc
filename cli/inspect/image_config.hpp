// Image configuration blobs (OCI image config / Docker container config), and
// conversion of a schema 1 manifest's history into one.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ferry {

// The config parsed within the limits for image configs and checked against
// the types skopeo decodes it into (Labels a map of strings, Env a list of
// strings, created a string, …). Throws FERRY_E_INVALID_ARGUMENT naming the
// document and the member.
nlohmann::json parse_image_config(std::string_view config_bytes,
                                  const std::string& document = "the image config");

// The OCI v1 image config as skopeo's `inspect --config` prints it: the keys
// created, author, architecture, os, os.version, os.features, variant, config
// {User, ExposedPorts, Env, Entrypoint, Cmd, Volumes, WorkingDir, Labels,
// StopSignal, ArgsEscaped}, rootfs {type, diff_ids}, history [...], in that
// order, absent members omitted (config is printed as {} when empty).
// nlohmann::ordered_json keeps the order.
nlohmann::ordered_json oci_config_view(std::string_view config_bytes);

}  // namespace ferry
