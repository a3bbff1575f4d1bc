// skopeo's output shapes: the inspect JSON (field order, 4-space indent, Go's
// HTML escaping) and the list-tags JSON.
#pragma once

#include "inspect/go_template.hpp"
#include <ferry/core/image.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::cli {

// The object `skopeo inspect` prints, in its field order.
nlohmann::ordered_json inspect_document(const ResolvedImage& image, std::string_view config,
                                        const std::optional<std::string>& docker_name,
                                        const std::vector<std::string>& repo_tags);

// The same document as `--format` templates see it: skopeo's Go struct
// (*main.inspectOutput), so a missing field is an error, an absent Name is "",
// Labels is a map[string]string (a missing key prints <no value>), null
// Labels and Env are nil (printing map[] and []), LayersData elements are
// types.ImageInspectLayer structs, Digest is a digest.Digest, and Created a
// *time.Time (printing "2023-11-14 22:13:20 +0000 UTC", or <nil>).
GoValue inspect_template_view(const nlohmann::ordered_json& doc);

// json.MarshalIndent(v, "", "    ") with Go's default HTML escaping.
std::string go_json_indent(const nlohmann::ordered_json& j);

}  // namespace ferry::cli
