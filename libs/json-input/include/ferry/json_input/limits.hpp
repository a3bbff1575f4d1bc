// How much of each kind of JSON document ferry accepts from outside: files in
// image stores, registry and daemon answers, the user's configuration files.
// A document over its size limit is refused before it is parsed; one nested
// deeper than its depth limit is refused while it is parsed.
#pragma once

#include <cstddef>

namespace ferry::json_input {

struct Limits {
  // Completes "the limit for …" in errors: "token replies".
  const char* purpose;
  size_t max_bytes;
  size_t max_depth;
};

namespace limits {

inline constexpr size_t KiB = 1024, MiB = 1024 * KiB;

// Real documents nest fewer than 10 levels (an index's annotations sit at
// depth 4). 256 leaves room for any extension while bounding every recursive
// walk of a parsed document (copies, dump(), comparisons, the inspect views) to
// a few hundred stack frames. Go's encoding/json, which skopeo uses, stops at
// 10000.
inline constexpr size_t max_depth = 256;

// An image manifest or manifest list: registries refuse bigger ones and so
// does skopeo.
inline constexpr Limits manifest{"manifests", 4 * MiB, max_depth};

// index.json of an OCI layout grows with every image the layout holds (about
// 250 bytes each); layouts of many thousand images are real, and skopeo reads
// it without a limit. It is parsed straight from the file.
inline constexpr Limits layout_index{"an OCI layout's index.json", 256 * MiB, max_depth};

// An image config: long histories make configs of a few hundred KiB; twice
// skopeo's 4 MiB.
inline constexpr Limits image_config{"image configs", 8 * MiB, max_depth};

// A bearer token reply holds a token of a few KiB; skopeo's limit.
inline constexpr Limits token_reply{"token replies", 1 * MiB, max_depth};

// A registry's error answer only supplies the text of an error.
inline constexpr Limits registry_error{"registry error answers", 64 * KiB, max_depth};

// One page of a repository's tag list: about 100 000 tags.
inline constexpr Limits tag_list_page{"tag list pages", 4 * MiB, max_depth};

// manifest.json of a docker archive: one item (~300 bytes) per image saved,
// so thousands of images; four times skopeo's 1 MiB.
inline constexpr Limits archive_manifest{"a docker archive's manifest.json", 4 * MiB, max_depth};

// The `oci-layout` marker file: {"imageLayoutVersion": "1.0.0"}.
inline constexpr Limits layout_marker{"oci-layout files", 64 * KiB, max_depth};

// A docker engine's answers (version, image lists, load progress lines).
inline constexpr Limits engine_answer{"docker engine answers", 4 * MiB, max_depth};

// The user's own files: auth files (auth.json, docker's config.json) and
// policy.json, and a credential helper's answer. Hand-written, small.
inline constexpr Limits auth_file{"auth files", 4 * MiB, max_depth};
inline constexpr Limits policy_file{"policy files", 4 * MiB, max_depth};
// containers-storage keeps one record per layer or image; a store of
// thousands of images stays far below this.
inline constexpr Limits store_records{"containers-storage record files", 256 * MiB, max_depth};
inline constexpr Limits credential_helper_reply{"credential helper answers", 1 * MiB, max_depth};
// A signature and what it signs: containers/image bounds one signature so.
// Deeper than any payload has reason to be.
inline constexpr Limits signature{"signatures", 4 * MiB, 32};

}  // namespace limits
}  // namespace ferry::json_input
