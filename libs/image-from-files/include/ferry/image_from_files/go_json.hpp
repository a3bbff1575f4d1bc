// What Go's encoding/json and runtime write into the configs of made images
// that the JSON library (ferry/go_json) does not: times and the architecture.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::image_from_files {

// A time.Time in UTC as encoding/json writes it (RFC 3339 with nanoseconds,
// trailing zeros trimmed): "2021-05-06T07:08:09.1234Z".
std::string go_json_time(int64_t seconds, int64_t nanoseconds = 0);

// runtime.GOARCH of this build: "amd64", "arm64", ...
std::string_view go_arch();

}  // namespace ferry::image_from_files
