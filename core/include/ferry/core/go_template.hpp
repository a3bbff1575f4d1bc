// The subset of Go's text/template that `skopeo inspect --format` users write:
// {{.Field}}, {{.A.B}}, {{index .Labels "k"}}, {{range .Layers}}...{{end}},
// {{if .X}}...{{else}}...{{end}}, {{json .X}}, {{join .RepoTags ","}},
// {{len .X}}, {{upper}}, {{lower}}, "\t" and "\n" escapes, and a trailing newline.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ferry {

// Renders `tmpl` over `data`. Throws ferry::Error(FERRY_E_INVALID_ARGUMENT)
// naming the template position on a parse error. Values print as Go does:
// strings bare, numbers in decimal, maps as map[k:v ...], arrays as [a b],
// null as <no value>.
std::string render_go_template(std::string_view tmpl, const nlohmann::ordered_json& data);

}  // namespace ferry
