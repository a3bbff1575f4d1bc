// skopeo's output shapes: the inspect JSON (field order, 4-space indent, Go's
// HTML escaping) and the list-tags JSON.
#pragma once

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

// The same document as `--format` templates see it: skopeo renders its Go
// struct, so an absent Name is "", null Labels print map[], null Env [], and
// Created prints as Go's time.String ("2023-11-14 22:13:20 +0000 UTC").
nlohmann::ordered_json inspect_template_view(const nlohmann::ordered_json& doc);

// json.MarshalIndent(v, "", "    ") with Go's default HTML escaping.
std::string go_json_indent(const nlohmann::ordered_json& j);

}  // namespace ferry::cli
