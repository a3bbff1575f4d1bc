// Writing an image into a Docker engine: the `docker save` tar is built in a
// temporary file under --tmpdir and, at commit, streamed to POST /images/load
// (chunked). Without commit the daemon is never contacted again, so it is left
// as it was.
#pragma once

#include "engine_client.hpp"

#include <ferry/docker_save/archive_writer.hpp>

namespace ferry::plugins::docker_daemon {

class DaemonDestination : public docker_save::ArchiveWriter {
 public:
  DaemonDestination(const DockerReference& name, const sdk::Context& ctx);

 protected:
  void publish(file_io::TempFile& tar) override;

 private:
  EngineClient client_;
};

}  // namespace ferry::plugins::docker_daemon
