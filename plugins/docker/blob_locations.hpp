// Which repository of a registry is known to hold a blob, learnt from the
// manifests this process read and the blobs it pushed. A push to another repository of the same
// registry mounts such blobs instead of uploading them (the containers tools
// keep the same knowledge in their blob info cache).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::docker {

// Records every blob a manifest names as present in host/repository.
void remember_manifest_blobs(const std::string& host, const std::string& repository,
                             std::string_view manifest);

// Records one blob as present in host/repository (a blob this process pushed
// there: images copied next, to other repositories, mount it).
void remember_blob(const std::string& host, const std::string& repository, const std::string& digest);

// Whether host/repository is known to hold digest (no need to ask the registry).
bool known_in(const std::string& host, const std::string& repository, const std::string& digest);

// A repository of `host` other than `except` known to hold digest.
std::optional<std::string> known_location(const std::string& host, const std::string& digest,
                                          const std::string& except);

}  // namespace ferry::plugins::docker
