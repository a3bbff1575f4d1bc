// Where skopeo 1.9.3's containers/image and image-spec differ from the shapes
// ferry's other commands print: the proxy answers as that skopeo does.
#pragma once

#include <ferry/core/manifest.hpp>
#include <ferry/core/transport.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ferry::cli::image_proxy {

// The OCI image config in the member order of the image-spec skopeo 1.9.3 was
// built with (before 1.1 embedded the platform): variant right after
// architecture, before os. `view` is oci_config_view's document.
nlohmann::ordered_json image_spec_1_0_config(const nlohmann::ordered_json& view);

// When `source`'s top-level manifest is a list without an instance for
// `platform`: containers/image's words for it ("no image found in image index
// for architecture amd64, variant \"\", OS linux"). nullopt otherwise; throws
// what reading the list throws.
std::optional<std::string> no_instance_error(ImageSource& source, const Platform& platform);

}  // namespace ferry::cli::image_proxy
