// Writing an image into a Docker engine, as skopeo does: the `docker save` tar
// is sent to POST /images/load (chunked) while it is written, from the first
// blob on: layers in manifest order (the host feeds this destination one blob
// at a time), manifest.json and repositories at commit, which then ends the
// body and reads the daemon's verdict. Only a layer whose size is not known
// ahead (one the host decompressed) is spooled to a file under --tmpdir
// first, as a tar header needs the size; nothing else touches the disk.
// Without commit the body is cut off mid-way: the daemon reads a truncated
// tar and tags nothing.
#pragma once

#include "engine_client.hpp"

#include <ferry/docker_save/archive_writer.hpp>

namespace ferry::plugins::docker_daemon {

class DaemonDestination : public docker_save::ArchiveWriter {
 public:
  DaemonDestination(const DockerReference& name, const sdk::Context& ctx);
};

}  // namespace ferry::plugins::docker_daemon
