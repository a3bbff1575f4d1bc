// JSON text as Go's encoding/json writes it, for configs and manifests whose
// digests must equal the ones skopeo computes for the same input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::image_from_files {

// A quoted JSON string: HTML-safe (<, >, & as \u003c, \u003e, \u0026),
// U+2028/U+2029 escaped, invalid UTF-8 as U+FFFD.
std::string go_json_string(std::string_view text);

// A time.Time in UTC as encoding/json writes it (RFC 3339 with nanoseconds,
// trailing zeros trimmed): "2021-05-06T07:08:09.1234Z".
std::string go_json_time(int64_t seconds, int64_t nanoseconds = 0);

// runtime.GOARCH of this build: "amd64", "arm64", ...
std::string_view go_arch();

}  // namespace ferry::image_from_files
